package io.fewshot.ingest.api;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.service.JobConflictException;
import io.fewshot.platform.s3.StorageException;
import io.fewshot.rest.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Ingest's own failures as problem+json: a bad request 400, an unusable source 422, an ingest of
 * the same dataset already running 409, an S3 failure 503. Every other error is rest-support's.
 */
public class IngestProblems {
    @ServerExceptionMapper
    public Response invalid(IngestException e, UriInfo uri) {
        int status = e.code() == IngestException.Code.BAD_REQUEST ? 400 : 422;
        return problem(status, e.slug(), status == 400 ? "Invalid request" : "Unprocessable source", e, uri);
    }

    @ServerExceptionMapper
    public Response storage(StorageException e, UriInfo uri) {
        return problem(503, "storage-failure", "Storage unavailable", e, uri);
    }

    @ServerExceptionMapper
    public Response conflict(JobConflictException e, UriInfo uri) {
        return problem(409, "ingest-in-progress", "Dataset is being ingested", e, uri);
    }

    private static Response problem(int status, String slug, String title, Exception e, UriInfo uri) {
        return Problem.of(status, slug, title, e.getMessage(), uri.getPath()).response().build();
    }
}
