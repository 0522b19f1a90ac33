package io.fewshot.ingest.api;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.service.JobConflictException;
import io.fewshot.platform.s3.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every 4xx (and an S3 failure, 503) leaves as problem+json, including the framework's own (bad JSON, unknown path, wrong method). */
public class ProblemMappers {
    @ServerExceptionMapper
    public Response invalid(IngestException e, UriInfo uri) {
        int status = e.code() == IngestException.Code.BAD_REQUEST ? 400 : 422;
        return Problem.response(status, e.slug(), status == 400 ? "Invalid request" : "Unprocessable source",
                e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response storage(StorageException e, UriInfo uri) {
        return Problem.response(503, "storage-failure", "Storage unavailable", e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response conflict(JobConflictException e, UriInfo uri) {
        return Problem.response(409, "ingest-in-progress", "Dataset is being ingested", e.getMessage(),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e, UriInfo uri) {
        return Problem.response(404, "not-found", "Not found", e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status < 400 || status >= 500) {
            return e.getResponse();
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() != null ? e.getMessage() : reason;
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            detail = detail + ": " + e.getCause().getMessage().split("\n")[0];
        }
        return Problem.response(status, reason.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), reason, detail,
                uri.getPath());
    }

    /** A dataset or job that does not exist. */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
