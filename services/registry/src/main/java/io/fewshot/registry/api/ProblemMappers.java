package io.fewshot.registry.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API returns is an RFC 7807 problem document. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response.ResponseBuilder r = problem(e.status(), e.title(), e.getMessage(), uri);
        if (e.status() == 401) {
            r.header("WWW-Authenticate", "Bearer realm=\"fewshot-registry\"");
        }
        return r.build();
    }

    /** JAX-RS' own refusals: unknown path (404), method (405), media type (406, 415), malformed input. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        return problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("unexpected failure serving " + path(uri), e);
        return problem(500, "Internal error", "the registry failed to answer; the failure is in its log", uri).build();
    }

    private static Response.ResponseBuilder problem(int status, String title, String detail, UriInfo uri) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, path(uri)));
    }

    private static String path(UriInfo uri) {
        try {
            return uri == null ? null : uri.getPath();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
