package io.fewshot.contracts.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.Samples;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.TableRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The payload records refuse contradictory content, naming the field. */
class EventRecordsTest {
    private static final RunSpec SPEC = Samples.spec();
    private static final String RUN = SPEC.runId();
    private static final String SWEEP = SampleEvents.SWEEP;

    @Test
    void aDatasetsTotalsMustAddUpAndItsManifestKeyFollowTheLayout() {
        Map<String, PartitionSize> parts = Map.of("train", new PartitionSize(10, 200), "test", new PartitionSize(5, 100));
        String manifest = ObjectKeys.datasetManifest("omniglot", "v1");
        DatasetIngested ok = new DatasetIngested("omniglot", "v1", "vinyals", manifest, "0".repeat(64), 28, 1, 15, 300, parts);
        assertEquals("omniglot@v1", ok.key());
        assertField("DatasetIngested.classes", () -> new DatasetIngested("omniglot", "v1", "vinyals", manifest,
                "0".repeat(64), 28, 1, 16, 300, parts));
        assertField("DatasetIngested.manifestKey", () -> new DatasetIngested("omniglot", "v1", "vinyals",
                "datasets/omniglot/v1/other.json", "0".repeat(64), 28, 1, 15, 300, parts));
        assertField("DatasetIngested.manifestSha256", () -> new DatasetIngested("omniglot", "v1", "vinyals", manifest,
                "XYZ", 28, 1, 15, 300, parts));
        assertField("DatasetIngested.version", () -> new DatasetIngested("omniglot", "../v1", "vinyals", manifest,
                "0".repeat(64), 28, 1, 15, 300, parts));
    }

    @Test
    void aRunIdMustBeTheSpecsOwn() {
        assertField("TrainingRequested.runId", () -> new TrainingRequested("omniglot-maml-5w1s-000000000000", SWEEP, SPEC, false));
        assertField("EvaluationCompleted.runId", () -> new EvaluationCompleted("x", SWEEP, SPEC, 10, 0.5, 0.01,
                0.1, 0.2, 0.7, 0.4, 15, ObjectKeys.evaluation("x")));
    }

    @Test
    void aCheckpointMustLieUnderItsOwnRun() {
        assertField("TrainingCompleted.checkpointKey", () -> new TrainingCompleted(RUN, SWEEP, SPEC, 10,
                StopReason.STEPS, ObjectKeys.finalCheckpointPrefix("another-run"), 1.0, null));
    }

    @Test
    void progressMetricsMustBeFinite() {
        assertField("TrainingProgress.loss", () -> new TrainingProgress(RUN, SWEEP, Phase.TRAIN, 1, 10, Double.NaN,
                0.5, 1, 1, null));
        assertField("TrainingProgress.step", () -> new TrainingProgress(RUN, SWEEP, Phase.TRAIN, 11, 10, 1, 0.5, 1, 1,
                null));
    }

    @Test
    void calibrationValuesMustBeInRange() {
        assertField("EvaluationCompleted.brier", () -> new EvaluationCompleted(RUN, SWEEP, SPEC, 10, 0.5, 0.01,
                0.1, 0.2, 0.7, 2.5, 15, ObjectKeys.evaluation(RUN)));
        assertField("EvaluationCompleted.evalKey", () -> new EvaluationCompleted(RUN, SWEEP, SPEC, 10, 0.5, 0.01,
                0.1, 0.2, 0.7, 0.4, 15, "runs/" + RUN + "/other.json"));
    }

    @Test
    void aResultsRowMustBelongToItsMethod() {
        assertField("ResultsRegistered.row", () -> new ResultsRegistered(RUN, SWEEP, "omniglot", "vinyals", Method.MAML,
                TableRow.PROTO_NETS, 5, 1, 1, 0.9, 0.01, 0.02, null, 1, 36));
        assertField("ResultsRegistered.cellsRegistered", () -> new ResultsRegistered(RUN, SWEEP, "omniglot", "vinyals",
                Method.MAML, TableRow.MAML, 5, 1, 1, 0.9, 0.01, 0.02, null, 37, 36));
    }

    @Test
    void aSweepCannotCountMoreCellsThanItPlannedNorWriteTablesElsewhere() {
        assertField("SweepCompleted.failed", () -> new SweepCompleted(SWEEP, Profile.CPU, 36, 30, 7, List.of()));
        assertField("SweepCompleted.tableKeys", () -> new SweepCompleted(SWEEP, Profile.CPU, 36, 36, 0,
                List.of(ObjectKeys.sweepTable("other", ObjectKeys.TableFormat.MD))));
    }

    @Test
    void aSweepIdMustBeASafeKeySegment() {
        assertField("TrainingFailed.sweepId", () -> new TrainingFailed(RUN, "../x", SPEC, Stage.TRAINING, "boom",
                false, null));
    }

    private static void assertField(String path, Executable construction) {
        ContractViolation e = assertThrows(ContractViolation.class, construction);
        assertEquals(path, e.path(), e.getMessage());
    }
}
