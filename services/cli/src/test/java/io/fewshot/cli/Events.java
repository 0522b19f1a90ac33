package io.fewshot.cli;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.Phase;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.Stage;
import io.fewshot.contracts.events.StopReason;
import io.fewshot.contracts.events.SweepCompleted;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Profile;
import java.util.List;

/** Synthetic events of the chain, as the trainer, evaluator and registry would publish them. */
public final class Events {
    private Events() {
    }

    public static CloudEvent<TrainingRequested> requested(String sweep, RunSpec spec) {
        return CloudEvent.of(Sources.PLANNER, TrainingRequested.of(sweep, spec, false));
    }

    public static CloudEvent<TrainingProgress> progress(String sweep, RunSpec spec, int step, int total, double accuracy) {
        return CloudEvent.of(Sources.TRAINER, new TrainingProgress(spec.runId(), sweep, Phase.TRAIN, step, total, 0.5,
                accuracy, 3.0, 1.0, null));
    }

    public static CloudEvent<TrainingCompleted> trained(String sweep, RunSpec spec, int steps) {
        return CloudEvent.of(Sources.TRAINER, new TrainingCompleted(spec.runId(), sweep, spec, steps, StopReason.STEPS,
                ObjectKeys.finalCheckpointPrefix(spec.runId()), 12.0, null));
    }

    public static CloudEvent<EvaluationCompleted> evaluated(String sweep, RunSpec spec, double accuracy, double ci95) {
        return CloudEvent.of(Sources.EVALUATOR, new EvaluationCompleted(spec.runId(), sweep, spec, 20, accuracy, ci95,
                0.02, 0.1, 0.3, 0.1, 15, ObjectKeys.evaluation(spec.runId())));
    }

    public static CloudEvent<TrainingFailed> failed(String sweep, RunSpec spec, String reason) {
        return CloudEvent.of(Sources.TRAINER, new TrainingFailed(spec.runId(), sweep, spec, Stage.TRAINING, reason,
                false, 7));
    }

    public static CloudEvent<SweepCompleted> sweepCompleted(String sweep, Profile profile, int cells, int evaluated,
            int failed) {
        return CloudEvent.of(Sources.REGISTRY, new SweepCompleted(sweep, profile, cells, evaluated, failed, List.of()));
    }
}
