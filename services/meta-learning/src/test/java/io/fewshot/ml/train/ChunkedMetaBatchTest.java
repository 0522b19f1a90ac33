package io.fewshot.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs in a JVM of its own (see the pom), which pins one intra-op thread before any work: the
 * chunking arithmetic is checked deterministically. Open issue: after other tests' work with 2
 * threads, chunked MAML gradients for conv0 intermittently came back NaN in CI.
 */
class ChunkedMetaBatchTest {
    @BeforeAll
    static void oneThreadBeforeAnyWork() {
        Threads.set(1);
    }

    private static final FewShotDataset DATA = Fixtures.synthetic(24, 10, 16, 9);

    private static RunSpec spec(Method method, int tasksPerChunk) {
        return new RunSpec("synthetic", "random", method, 3, 2, 3, 2, 0.4, Budget.steps(3), 5,
                Map.of("filters", 4, "validateEvery", 0, "metaBatch", 5, HyperKeys.TASKS_PER_CHUNK, tasksPerChunk));
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"MAML", "META_SGD"})
    void aMetaBatchTakenInChunksHasTheGradientOfTheWholeBatch(Method method, @TempDir Path tmp) {
        RunSpec whole = spec(method, 5);
        RunSpec chunked = spec(method, 2); // chunks of 2, 2 and 1 tasks
        assertEquals(5, TrainingSettings.from(whole).tasksPerChunk());
        assertEquals(2, TrainingSettings.from(chunked).tasksPerChunk());
        Map<String, float[]> a = new LinkedHashMap<>();
        float[] lossA = gradients(whole, tmp.resolve("whole"), a);
        Map<String, float[]> b = new LinkedHashMap<>();
        float[] lossB = gradients(chunked, tmp.resolve("chunked"), b);
        assertEquals(lossA[0], lossB[0], 1e-5 * Math.abs(lossA[0]), "loss");
        assertEquals(lossA[1], lossB[1], 1e-6, "accuracy");
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float scale = 0;
            for (float g : a.get(k)) {
                scale = Math.max(scale, Math.abs(g));
            }
            assertTrue(scale > 0, k + " has no gradient");
            assertArrayEquals(a.get(k), b.get(k), 1e-4f * scale, k);
        }
    }

    /** The gradients of step 3's meta-batch loss at the initial weights, into {@code out}. */
    private static float[] gradients(RunSpec spec, Path dir, Map<String, float[]> out) {
        try (MetaTrainer t = new MetaTrainer(spec, DATA, dir)) {
            float[] lossAccuracy = t.accumulateGradients(t.trainingSampler(), 3);
            Params p = t.learner().parameters();
            p.names().forEach(k -> out.put(k, p.get(k).getGradient().toFloatArray()));
            return lossAccuracy;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"MAML", "PROTO_NETS"})
    void chunksAreSizedSoThatA20Way5ShotMamlBatchFitsInMemory(Method method) {
        RunSpec big = new RunSpec("omniglot", "vinyals", method, 20, 5, 15, method == Method.MAML ? 5 : 0, 0.1,
                Budget.steps(10), 1, Map.of("metaBatch", 16, "trainQuery", 5));
        int chunk = TrainingSettings.from(big).tasksPerChunk();
        int images = 20 * (5 + 5) * (method == Method.MAML ? 6 : 1);
        assertEquals(Math.min(16, Math.max(1, TrainingSettings.IMAGE_PASSES_PER_CHUNK / images)), chunk);
        assertEquals(method == Method.MAML ? 2 : 12, chunk);
        assertEquals(1, TrainingSettings.from(big).evalTasksPerBatch(), "400-image test episodes, one at a time");
        RunSpec small = new RunSpec("omniglot", "vinyals", Method.MAML, 5, 1, 15, 1, 0.4, Budget.steps(10), 1,
                Map.of("testInnerSteps", 3));
        assertEquals(7, TrainingSettings.from(small).evalTasksPerBatch(), "2400 / (80 images x 4 passes)");
    }

    @Test
    void theAmortizedBnnKeepsItsMetaBatchInOneChunkUnlessItTunesTheBackbone() {
        Map<String, Object> h = new HashMap<>(Map.of("metaBatch", 32, "trainQuery", 15));
        assertEquals(32, TrainingSettings.from(fiveStepBnn(h)).tasksPerChunk(), "an MLP's graph: no Conv-4 bound");
        h.put(HyperKeys.TUNE_BACKBONE, true);
        assertEquals(TrainingSettings.IMAGE_PASSES_PER_CHUNK / 80,
                TrainingSettings.from(fiveStepBnn(h)).tasksPerChunk(), "the tuned Conv-4 sees each of 80 images once");
        h.put(HyperKeys.TASKS_PER_CHUNK, 5);
        assertEquals(5, TrainingSettings.from(fiveStepBnn(h)).tasksPerChunk(), "a chunk the spec chose");
    }

    private static RunSpec fiveStepBnn(Map<String, Object> hyper) {
        return new RunSpec("omniglot", "vinyals", Method.AMORTIZED_BNN, 5, 1, 15, 5, 0.1, Budget.steps(10), 1, hyper);
    }
}
