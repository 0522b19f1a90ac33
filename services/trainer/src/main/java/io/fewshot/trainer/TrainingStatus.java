package io.fewshot.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fewshot.contracts.events.StopReason;
import io.fewshot.contracts.events.TrainingCompleted;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A run's training as GET /runs/{id} answers it: live from this trainer while it trains (or last saw
 * it), else from the bucket. A field the state does not have is absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A run's training status")
public record TrainingStatus(
        String runId,
        State state,
        @Schema(description = "steps done") Long step,
        Long totalSteps,
        @Schema(description = "the step this trainer resumed the run from (0: from scratch)") Integer resumedFromStep,
        Long lastCheckpointStep,
        @Schema(description = "mean training loss since the previous report") Double loss,
        @Schema(description = "mean training accuracy since the previous report, a fraction") Double accuracy,
        Double episodesPerSecond,
        Double etaSeconds,
        @Schema(description = "why it ended: the failure, or how it stopped") String detail,
        @Schema(description = "when this trainer last heard of it; absent for a run read from the bucket")
        Instant updatedAt,
        @Schema(description = "completed: what ended training") StopReason stoppedBy,
        @Schema(description = "completed: the prefix of the checkpoint to evaluate") String checkpointKey,
        @Schema(description = "completed: training wall time over all sessions") Double wallSeconds,
        @Schema(description = "completed: best validation accuracy, absent without validation")
        Double bestValAccuracy) {

    /** Where a run stands, as this trainer or the bucket knows it. */
    public enum State {
        RUNNING, COMPLETED, FAILED, STOPPED,
        /** Checkpoints in the bucket and no trainer on it: a request or a train step resumes it. */
        INTERRUPTED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static TrainingStatus running(String runId, long totalSteps, int resumedFromStep) {
        return new TrainingStatus(runId, State.RUNNING, (long) resumedFromStep, totalSteps, resumedFromStep,
                resumedFromStep > 0 ? (long) resumedFromStep : null, null, null, null, null, null, Instant.now(), null,
                null, null, null);
    }

    static TrainingStatus ended(String runId, State state, String detail) {
        return new TrainingStatus(runId, state, 0L, 0L, null, null, null, null, null, null, detail, Instant.now(),
                null, null, null, null);
    }

    /** A completion stored in the bucket. */
    static TrainingStatus completed(TrainingCompleted c) {
        return new TrainingStatus(c.runId(), State.COMPLETED, (long) c.steps(), (long) c.spec().budget().steps(),
                null, null, null, null, null, null, null, null, c.stoppedBy(), c.checkpointKey(), c.wallSeconds(),
                c.bestValAccuracy());
    }

    /** Checkpoints in the bucket, no completion. */
    static TrainingStatus interrupted(String runId, int lastCheckpointStep) {
        return new TrainingStatus(runId, State.INTERRUPTED, null, null, null, (long) lastCheckpointStep, null, null,
                null, null, null, null, null, null, null, null);
    }

    TrainingStatus withProgress(long newStep, long newTotal, double newLoss, double newAccuracy, double perSecond,
            double eta) {
        return new TrainingStatus(runId, state, newStep, newTotal, resumedFromStep, lastCheckpointStep, newLoss,
                newAccuracy, perSecond, eta, detail, Instant.now(), null, null, null, null);
    }

    TrainingStatus withCheckpoint(long checkpointStep) {
        return new TrainingStatus(runId, state, step, totalSteps, resumedFromStep, checkpointStep, loss, accuracy,
                episodesPerSecond, etaSeconds, detail, Instant.now(), null, null, null, null);
    }

    TrainingStatus withState(State newState, String newDetail) {
        return new TrainingStatus(runId, newState, step, totalSteps, resumedFromStep, lastCheckpointStep, loss,
                accuracy, episodesPerSecond, etaSeconds, newDetail, Instant.now(), null, null, null, null);
    }
}
