package io.fewshot.ingest.api;

import io.fewshot.ingest.service.Job;
import io.fewshot.ingest.service.JobRegistry;
import io.fewshot.rest.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Ingest jobs: state, phase, progress, and the error or the committed dataset. */
@Path("/jobs")
public class JobResource {
    private final JobRegistry jobs;

    public JobResource(JobRegistry jobs) {
        this.jobs = jobs;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "State, progress and error of an ingest job")
    public Job.View job(@PathParam("id") String id) {
        return jobs.find(id).map(Job::view)
                .orElseThrow(() -> ApiException.notFound("no job " + id));
    }
}
