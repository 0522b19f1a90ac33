package io.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.ObjectKeys.TableFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {
    @Test
    void datasetKeysFollowTheLayout() {
        assertEquals("datasets/omniglot/v1/manifest.json", ObjectKeys.datasetManifest("omniglot", "v1"));
        assertEquals("datasets/omniglot/v1/shards/train/000.bin", ObjectKeys.datasetShard("omniglot", "v1", "train/000.bin"));
        assertEquals("datasets/mini-imagenet/.staging/0b6e3c1a-aa/", ObjectKeys.stagingPrefix("mini-imagenet", "0b6e3c1a-aa"));
        assertEquals("datasets/omniglot/.staging/u1/shards/a.bin", ObjectKeys.stagingObject("omniglot", "u1", "shards/a.bin"));
        assertEquals("models/feature-extractors/omniglot/v2/backbone.params",
                ObjectKeys.featureExtractor("omniglot", "v2", "backbone.params"));
    }

    @Test
    void runAndSweepKeysFollowTheLayout() {
        String run = "omniglot-maml-5w1s-0123456789ab";
        assertEquals("runs/" + run + "/spec.json", ObjectKeys.runSpec(run));
        assertEquals("runs/" + run + "/checkpoints/step-00001200/", ObjectKeys.checkpointPrefix(run, 1200));
        assertEquals("runs/" + run + "/checkpoints/final/", ObjectKeys.finalCheckpointPrefix(run));
        assertEquals("runs/" + run + "/metrics.jsonl", ObjectKeys.metrics(run));
        assertEquals("runs/" + run + "/eval.json", ObjectKeys.evaluation(run));
        assertEquals("runs/" + run + "/provenance.json", ObjectKeys.provenance(run));
        assertEquals("sweeps/paper-abc/plan.json", ObjectKeys.sweepPlan("paper-abc"));
        assertEquals("sweeps/paper-abc/table.md", ObjectKeys.sweepTable("paper-abc", TableFormat.MD));
        assertEquals("sweeps/paper-abc/table.csv", ObjectKeys.sweepTable("paper-abc", TableFormat.CSV));
        assertEquals("sweeps/paper-abc/table.html", ObjectKeys.sweepTable("paper-abc", TableFormat.HTML));
    }

    @Test
    void checkpointStepIsReadBackFromAnyKeyUnderTheCheckpoint() {
        String key = ObjectKeys.checkpointPrefix("r1", 40) + "model.params";
        assertEquals(OptionalInt.of(40), ObjectKeys.checkpointStep(key));
        assertEquals(OptionalInt.empty(), ObjectKeys.checkpointStep(ObjectKeys.finalCheckpointPrefix("r1") + "x"));
        assertEquals(OptionalInt.empty(), ObjectKeys.checkpointStep("runs/r1/spec.json"));
    }

    @Test
    void paddedStepsSortInStepOrder() {
        assertTrue(ObjectKeys.checkpointPrefix("r", 999).compareTo(ObjectKeys.checkpointPrefix("r", 1000)) < 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "/a", "a/", ".staging", "a\\b", "a..b", " a", "a b", "", "é"})
    void idsThatCouldEscapeTheirPrefixAreRefused(String bad) {
        ContractViolation e = assertThrows(ContractViolation.class, () -> ObjectKeys.runSpec(bad));
        assertEquals("run id", e.path());
        assertThrows(ContractViolation.class, () -> ObjectKeys.datasetManifest("omniglot", bad));
        assertThrows(ContractViolation.class, () -> ObjectKeys.sweepPlan(bad));
    }

    @Test
    void nullIdsAreRefused() {
        assertThrows(ContractViolation.class, () -> ObjectKeys.runPrefix(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../b", "a//b", "/abs", "trail/", "a/./b"})
    void relativePathsThatCouldEscapeAreRefused(String bad) {
        ContractViolation e = assertThrows(ContractViolation.class, () -> ObjectKeys.datasetShard("omniglot", "v1", bad));
        assertEquals("shard path", e.path());
    }

    @Test
    void negativeCheckpointStepIsRefused() {
        assertThrows(ContractViolation.class, () -> ObjectKeys.checkpointPrefix("r", -1));
    }
}
