package io.fewshot.contracts.events;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.Samples;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.TableRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One valid event of each of the eight kinds, with fixed ids and times. */
public final class SampleEvents {
    static final String SWEEP = "smoke-0123456789ab";

    private SampleEvents() {
    }

    public static List<EventData> allPayloads() {
        RunSpec spec = Samples.spec();
        String run = spec.runId();
        return List.of(
                new DatasetIngested("omniglot", "v1", "vinyals", ObjectKeys.datasetManifest("omniglot", "v1"),
                        "a".repeat(64), 28, 1, 6492, 129_808, Map.of(
                        "train", new PartitionSize(4112, 82_240),
                        "val", new PartitionSize(688, 13_760),
                        "test", new PartitionSize(1692, 33_808))),
                TrainingRequested.of(SWEEP, spec, false),
                new TrainingProgress(run, SWEEP, Phase.TRAIN, 40, 100, 0.731, 0.8125, 3.5, 17.0, null),
                new TrainingCompleted(run, SWEEP, spec, 100, StopReason.STEPS,
                        ObjectKeys.finalCheckpointPrefix(run), 61.25, 0.912),
                new TrainingFailed(run, SWEEP, spec, Stage.EVALUATION, "checkpoint unreadable", true, 100),
                new EvaluationCompleted(run, SWEEP, spec, 1000, 0.953, 0.0041, 0.031, 0.12, 0.17, 0.07, 15,
                        ObjectKeys.evaluation(run)),
                new ResultsRegistered(run, SWEEP, "omniglot", "vinyals", Method.MAML, TableRow.MAML, 5, 1, 1,
                        0.953, 0.0041, 0.031, 0.987, 3, 36),
                new SweepCompleted(SWEEP, Profile.SMOKE, 36, 35, 1, List.of(
                        ObjectKeys.sweepTable(SWEEP, ObjectKeys.TableFormat.MD),
                        ObjectKeys.sweepTable(SWEEP, ObjectKeys.TableFormat.CSV),
                        ObjectKeys.sweepTable(SWEEP, ObjectKeys.TableFormat.HTML))));
    }

    public static <T extends EventData> CloudEvent<T> event(T data) {
        return new CloudEvent<>("6f1c2f0e-8b1a-4d7e-9a55-2b8c4d1e0f11", Sources.TRAINER,
                EventKind.of(data.getClass()).type(), "1.0", Instant.parse("2026-11-27T21:37:49.123456Z"),
                data.key(), CloudEvent.JSON, data);
    }

    static CloudEvent<TrainingProgress> progress() {
        return event(new TrainingProgress(Samples.spec().runId(), SWEEP, Phase.TRAIN, 40, 100, 0.731, 0.8125, 3.5,
                17.0, null));
    }

    static CloudEvent<TrainingCompleted> completed() {
        return event((TrainingCompleted) allPayloads().get(3));
    }
}
