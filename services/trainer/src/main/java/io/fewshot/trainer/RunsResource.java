package io.fewshot.trainer;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.rest.ApiException;
import io.fewshot.support.RunStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** GET /runs/{id}: a run as this trainer sees it now, else as the bucket records it. */
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    private final RunBoard board;
    private final RunStore runs;

    public RunsResource(RunBoard board, RunStore runs) {
        this.board = board;
        this.runs = runs;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run's training status: running (step, loss, throughput), completed, failed, stopped,"
            + " or interrupted (checkpoints in the bucket, no trainer on it)")
    public TrainingStatus get(@PathParam("id") String id) {
        try {
            ObjectKeys.segment("run id", id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        var live = board.get(id);
        if (live.isPresent() && live.get().state() != TrainingStatus.State.COMPLETED) {
            return live.get();
        }
        var done = runs.trainingCompleted(id);
        if (done.isPresent()) {
            return TrainingStatus.completed(done.get().data());
        }
        TreeSet<Integer> steps = runs.steps(id);
        if (!steps.isEmpty()) {
            return TrainingStatus.interrupted(id, steps.last());
        }
        throw ApiException.notFound("no run " + id + " here or in the bucket");
    }
}
