package io.fewshot.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error a service answers is a {@link Problem}: its own refusals ({@link ApiException}), the
 * framework's (unknown path 404, method 405, media type 406/415, malformed input 400) and, logged,
 * any unexpected failure (500). Found by Quarkus in this jar through its Jandex index (beans.xml).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response.ResponseBuilder r = Problem.of(e.status(), e.slug(), e.title(), e.getMessage(), path(uri)).response();
        e.headers().forEach(r::header);
        return r.build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (status < 400) {
            return e.getResponse();
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() != null ? e.getMessage() : reason;
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            detail = detail + ": " + e.getCause().getMessage().split("\n")[0];
        }
        return Problem.of(status, ApiException.slugOf(reason), reason, detail, path(uri)).response().build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("unexpected failure serving " + path(uri), e);
        return Problem.of(500, "internal-error", "Internal error",
                "the service failed to answer; the failure is in its log", path(uri)).response().build();
    }

    private static String path(UriInfo uri) {
        try {
            return uri == null ? null : uri.getPath();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
