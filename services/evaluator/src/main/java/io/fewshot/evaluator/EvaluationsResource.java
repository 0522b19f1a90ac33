package io.fewshot.evaluator;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.rest.ApiException;
import io.fewshot.support.RunStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** GET /runs/{id}: a run's evaluation as this evaluator sees it now, else as the bucket records it. */
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationsResource {
    private final EvaluationBoard board;
    private final RunStore runs;

    public EvaluationsResource(EvaluationBoard board, RunStore runs) {
        this.board = board;
        this.runs = runs;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run's evaluation: evaluating, evaluated (accuracy, 95% CI, calibration), failed,"
            + " or awaiting evaluation (trained, not evaluated)")
    public EvaluationStatus get(@PathParam("id") String id) {
        try {
            ObjectKeys.segment("run id", id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        var live = board.get(id);
        if (live.isPresent() && live.get().state() != EvaluationStatus.State.EVALUATED) {
            return live.get();
        }
        var done = runs.evaluationCompleted(id);
        if (done.isPresent()) {
            return EvaluationStatus.evaluated(done.get().data());
        }
        if (runs.trainingCompleted(id).isPresent()) {
            return EvaluationStatus.awaiting(id);
        }
        throw ApiException.notFound("run " + id + " has not completed training");
    }
}
