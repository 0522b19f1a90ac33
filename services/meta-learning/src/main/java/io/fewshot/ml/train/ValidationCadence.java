package io.fewshot.ml.train;

import io.fewshot.ml.methods.TrainingSettings;

/**
 * When a run validates: every {@code everySteps} steps, and, when {@code everySeconds} is set, once that
 * much wall time has passed since the last validation (a step count alone validates a slow CPU run
 * hours apart and a GPU run every few seconds), and then also at the last step.
 */
public record ValidationCadence(int everySteps, double everySeconds) {

    public static ValidationCadence of(TrainingSettings s) {
        return new ValidationCadence(s.validateEvery(), s.validateSeconds());
    }

    /** Whether the run validates at all. */
    public boolean enabled() {
        return everySteps > 0 || everySeconds > 0;
    }

    /**
     * @param step             steps done
     * @param secondsSinceLast wall seconds since the last validation (or since training started)
     */
    public boolean due(long step, double secondsSinceLast) {
        return everySteps > 0 && step % everySteps == 0 || everySeconds > 0 && secondsSinceLast >= everySeconds;
    }

    /** Whether training that ended at a step not yet validated validates it: only on a wall-clock cadence. */
    public boolean dueAtEnd(long step, long lastValidatedStep) {
        return everySeconds > 0 && step != lastValidatedStep;
    }
}
