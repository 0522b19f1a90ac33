package io.fewshot.registry.api;

import io.fewshot.registry.db.RunQueries;
import io.fewshot.registry.db.Views.Page;
import io.fewshot.registry.db.Views.RunDetail;
import io.fewshot.registry.db.Views.RunSummary;
import io.fewshot.rest.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunsResource {
    static final int MAX_PAGE = 100_000;
    static final int MAX_SIZE = 200;

    @Inject
    RunQueries queries;

    @GET
    @Operation(summary = "Runs, most recently updated first; every filter is optional",
            description = "Filters: sweep, dataset, method (matching-nets, protonet, maml, meta-sgd, amortized-bnn),"
                    + " status (planned, requested, training, trained, failed, evaluated). Paging: page from 0,"
                    + " size 1-200 (default 20). Accuracies are fractions in [0, 1].")
    public Page<RunSummary> list(@QueryParam("sweep") String sweep, @QueryParam("dataset") String dataset,
            @QueryParam("method") String method, @QueryParam("status") String status,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return queries.runs(Params.id("sweep", sweep), Params.id("dataset", dataset), Params.method(method),
                Params.status(status), Params.integer("page", page, 0, 0, MAX_PAGE),
                Params.integer("size", size, 20, 1, MAX_SIZE));
    }

    @GET
    @Path("{runId}")
    @Operation(summary = "One run with its training, evaluation, learning curve, reliability bins and provenance")
    public RunDetail get(@PathParam("runId") String runId) {
        String id = Params.requiredId("runId", runId);
        return queries.run(id).orElseThrow(() -> ApiException.notFound("no run '" + id + "'"));
    }
}
