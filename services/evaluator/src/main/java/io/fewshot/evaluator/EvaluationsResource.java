package io.fewshot.evaluator;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.support.RunStore;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
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
    public Object get(@PathParam("id") String id) {
        try {
            ObjectKeys.segment("run id", id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        var live = board.get(id);
        if (live.isPresent() && !live.get().state().equals("evaluated")) {
            return live.get();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", id);
        var done = runs.evaluationCompleted(id);
        if (done.isPresent()) {
            EvaluationCompleted e = done.get().data();
            out.put("state", "evaluated");
            out.put("episodes", e.episodes());
            out.put("accuracy", e.accuracy());
            out.put("ci95", e.ci95());
            out.put("ece", e.ece());
            out.put("nll", e.nll());
            out.put("brier", e.brier());
            out.put("evalKey", e.evalKey());
            return out;
        }
        if (runs.trainingCompleted(id).isPresent()) {
            out.put("state", "awaiting-evaluation");
            return out;
        }
        throw new NotFoundException("run " + id + " has not completed training");
    }
}
