package io.fewshot.contracts.events;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.Nullable;

/**
 * A training run's heartbeat, every few steps and after each validation. Metrics must be finite: a
 * run whose loss turns NaN reports {@link TrainingFailed}, not progress.
 *
 * @param step               steps done in this phase
 * @param totalSteps         steps the phase will take at most (the budget's steps when training)
 * @param loss               mean training loss over the last reporting interval
 * @param accuracy           mean query accuracy over the last reporting interval, a fraction in [0, 1]
 * @param episodesPerSecond  training throughput over the last reporting interval
 * @param etaSeconds         estimated seconds until the phase ends (the wall-clock cap included)
 * @param validationAccuracy the latest validation accuracy (fraction), absent until the first validation
 */
public record TrainingProgress(
        String runId,
        String sweepId,
        Phase phase,
        int step,
        int totalSteps,
        double loss,
        double accuracy,
        double episodesPerSecond,
        double etaSeconds,
        @Nullable Double validationAccuracy) implements EventData {

    private static final String SELF = "TrainingProgress";

    public TrainingProgress {
        Checks.id(SELF, "runId", runId);
        Checks.id(SELF, "sweepId", sweepId);
        Checks.notNull(SELF, "phase", phase);
        Checks.positive(SELF, "totalSteps", totalSteps);
        ContractViolation.require(step >= 0 && step <= totalSteps, SELF, "step",
                "must be in [0, totalSteps=" + totalSteps + "], was " + step);
        Checks.finite(SELF, "loss", loss);
        Checks.fraction(SELF, "accuracy", accuracy);
        Checks.nonNegative(SELF, "episodesPerSecond", episodesPerSecond);
        Checks.nonNegative(SELF, "etaSeconds", etaSeconds);
        Checks.fraction(SELF, "validationAccuracy", validationAccuracy);
    }

    @Override
    public String key() {
        return runId;
    }
}
