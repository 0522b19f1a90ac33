package io.fewshot.evaluator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.ml.eval.EvaluationResult;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A run's evaluation as GET /runs/{id} answers it: live from this evaluator while it evaluates (or
 * last saw it), else from the bucket. A field the state does not have is absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A run's evaluation status")
public record EvaluationStatus(
        String runId,
        State state,
        @Schema(description = "test accuracy, a fraction") Double accuracy,
        @Schema(description = "half-width of the 95% confidence interval of the accuracy") Double ci95,
        @Schema(description = "expected calibration error (15 equal-width bins)") Double ece,
        @Schema(description = "negative log-likelihood per query") Double nll,
        Double brier,
        @Schema(description = "test episodes evaluated") Integer episodes,
        @Schema(description = "evaluation wall time; only while this evaluator remembers the run") Double seconds,
        @Schema(description = "the object key of eval.json") String evalKey,
        @Schema(description = "the headline, or why it failed") String detail,
        @Schema(description = "when this evaluator last heard of it; absent for a run read from the bucket")
        Instant updatedAt) {

    /** Where a run's evaluation stands. */
    public enum State {
        EVALUATING, EVALUATED, FAILED,
        /** Trained, not evaluated yet. */
        AWAITING_EVALUATION;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static EvaluationStatus evaluating(String runId) {
        return new EvaluationStatus(runId, State.EVALUATING, null, null, null, null, null, null, null, null, null,
                Instant.now());
    }

    /** How an evaluation this process ran ended; {@code r} is null when it produced no result. */
    static EvaluationStatus ended(String runId, State state, EvaluationResult r, String detail) {
        return r == null
                ? new EvaluationStatus(runId, state, null, null, null, null, null, null, null, null, detail, Instant.now())
                : new EvaluationStatus(runId, state, r.accuracy(), r.ci95(), r.calibration().ece(),
                        r.calibration().nll(), r.calibration().brier(), r.episodes(), r.seconds(), null, detail,
                        Instant.now());
    }

    /** A result stored in the bucket. */
    static EvaluationStatus evaluated(EvaluationCompleted e) {
        return new EvaluationStatus(e.runId(), State.EVALUATED, e.accuracy(), e.ci95(), e.ece(), e.nll(), e.brier(),
                e.episodes(), null, e.evalKey(), null, null);
    }

    static EvaluationStatus awaiting(String runId) {
        return new EvaluationStatus(runId, State.AWAITING_EVALUATION, null, null, null, null, null, null, null, null,
                null, null);
    }
}
