package io.fewshot.ingest.api;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.Ingester;
import io.fewshot.ingest.service.Job;
import io.fewshot.ingest.service.JobRegistry;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.rest.ApiException;
import io.fewshot.rest.WriteGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Datasets: start an ingest, list committed datasets, read one's manifest. */
@Path("/datasets")
public class DatasetResource {
    /** A committed dataset: a manifest exists at manifestKey. */
    public record DatasetRef(String name, String version, String manifestKey) {
    }

    private final JobRegistry jobs;
    private final S3Store store;
    private final WriteGuard writeGuard;

    public DatasetResource(JobRegistry jobs, S3Store store, WriteGuard writeGuard) {
        this.jobs = jobs;
        this.store = store;
        this.writeGuard = writeGuard;
    }

    @POST
    @Operation(summary = "Ingest a dataset from a URL or path; answers 202 with the job and its Location."
            + " Needs Authorization: Bearer <ingest write token>.")
    public Response ingest(IngestRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        writeGuard.check(authorization);
        Ingester.validate(request);
        Job job = jobs.submit(request);
        return Response.accepted(job.view()).location(uri.getBaseUriBuilder().path("jobs").path(job.id()).build())
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Committed datasets (those with a manifest)")
    public List<DatasetRef> list() {
        return store.list("datasets/").stream()
                .filter(k -> k.endsWith("/manifest.json") && !k.contains("/.staging/"))
                .map(k -> k.split("/"))
                .filter(p -> p.length == 4)
                .map(p -> new DatasetRef(p[1], p[2], String.join("/", p)))
                .toList();
    }

    @GET
    @Path("/{name}/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The manifest of one committed dataset")
    public Response manifest(@PathParam("name") String name, @PathParam("version") String version) {
        String key;
        try {
            key = ObjectKeys.datasetManifest(name, version);
        } catch (ContractViolation e) {
            throw ApiException.notFound("no dataset " + name + "/" + version + " (" + e.problem() + ")");
        }
        byte[] manifest = store.getBytesOrNull(key);
        if (manifest == null) {
            throw ApiException.notFound("no committed dataset " + name + "/" + version);
        }
        return Response.ok(manifest, MediaType.APPLICATION_JSON).build();
    }
}
