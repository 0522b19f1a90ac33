package io.fewshot.contracts.events;

import io.fewshot.contracts.Nullable;
import io.fewshot.contracts.RunSpec;

/**
 * A run failed. This is the one failure topic for a run, whichever stage failed (the evaluator
 * reports here too), so that the registry can close a sweep whose every cell is evaluated or failed.
 *
 * @param stage     training or evaluation
 * @param reason    what went wrong, for a person ("loss diverged (NaN) at step 1200")
 * @param retryable true if the same request may succeed later (lost connection, pod evicted);
 *                  false if it cannot (bad spec, diverged)
 * @param step      the step the run had reached, if known
 */
public record TrainingFailed(
        String runId,
        String sweepId,
        RunSpec spec,
        Stage stage,
        String reason,
        boolean retryable,
        @Nullable Integer step) implements EventData {

    private static final String SELF = "TrainingFailed";

    public TrainingFailed {
        Checks.id(SELF, "sweepId", sweepId);
        Checks.runIdMatchesSpec(SELF, runId, spec);
        Checks.notNull(SELF, "stage", stage);
        Checks.text(SELF, "reason", reason);
        if (step != null) {
            Checks.atLeastZero(SELF, "step", step);
        }
    }

    @Override
    public String key() {
        return runId;
    }
}
