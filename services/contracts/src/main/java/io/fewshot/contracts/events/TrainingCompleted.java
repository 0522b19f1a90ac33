package io.fewshot.contracts.events;

import io.fewshot.contracts.Nullable;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;

/**
 * A run finished training; its checkpoint is in the bucket, ready for evaluation.
 *
 * @param steps              steps actually trained (fewer than the budget's when the wall clock stopped it)
 * @param stoppedBy          which limit ended training
 * @param checkpointKey      prefix of the checkpoint to evaluate, under {@code runs/<runId>/checkpoints/}:
 *                           the final one, or the best on validation where the method selects by it
 * @param wallSeconds        training time of this run, over all its attempts
 * @param bestValAccuracy    best validation accuracy (fraction); absent if it never validated
 */
public record TrainingCompleted(
        String runId,
        String sweepId,
        RunSpec spec,
        int steps,
        StopReason stoppedBy,
        String checkpointKey,
        double wallSeconds,
        @Nullable Double bestValAccuracy) implements EventData {

    private static final String SELF = "TrainingCompleted";

    public TrainingCompleted {
        Checks.id(SELF, "sweepId", sweepId);
        Checks.runIdMatchesSpec(SELF, runId, spec);
        Checks.positive(SELF, "steps", steps);
        Checks.notNull(SELF, "stoppedBy", stoppedBy);
        Checks.under(SELF, "checkpointKey", checkpointKey, ObjectKeys.checkpointsPrefix(runId));
        Checks.nonNegative(SELF, "wallSeconds", wallSeconds);
        Checks.fraction(SELF, "bestValAccuracy", bestValAccuracy);
    }

    /** The same completion, announced to another sweep that asked for this (content-addressed) run. */
    public TrainingCompleted forSweep(String otherSweepId) {
        return new TrainingCompleted(runId, otherSweepId, spec, steps, stoppedBy, checkpointKey, wallSeconds,
                bestValAccuracy);
    }

    @Override
    public String key() {
        return runId;
    }
}
