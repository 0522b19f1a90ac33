package io.fewshot.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResumeTest {
    private static final int N = 3;
    private static final FewShotDataset DATA = Fixtures.synthetic(24, 10, 16, 9);

    @BeforeAll
    static void oneThread() {
        // One intra-op thread: PyTorch's CPU kernels are then bit-for-bit repeatable.
        Threads.set(1);
    }

    private static RunSpec spec(Method method, boolean fce) {
        boolean gradient = method == Method.MAML || method == Method.META_SGD;
        Map<String, Object> h = new HashMap<>(Map.of("filters", 4, "validateEvery", 2, "validationEpisodes", 3,
                "checkpointEvery", 100, "metaBatch", 2, "lrSchedule", "step", "lrDecayEvery", 2));
        if (method == Method.MATCHING_NETS) {
            h.putAll(Map.of("fce", fce, "fceSteps", 2));
        }
        return new RunSpec("synthetic", "random", method, 3, 2, 3, gradient ? 1 : 0, gradient ? 0.4 : 0,
                Budget.steps(2 * N), 5, h);
    }

    /** Matching Nets with FCE too: its LSTMs and learned temperature must be checkpointed like the backbone. */
    @ParameterizedTest(name = "{0} fce={1}")
    @CsvSource({"PROTO_NETS,false", "MATCHING_NETS,false", "MATCHING_NETS,true", "MAML,false", "META_SGD,false"})
    void stoppedAtStepNAndResumedTo2nEqualsAnUninterruptedRunBitForBit(Method method, boolean fce,
            @TempDir Path tmp) {
        RunSpec spec = spec(method, fce);
        Path straight;
        try (MetaTrainer t = new MetaTrainer(spec, DATA, tmp.resolve("straight"))) {
            MetaTrainer.Outcome o = t.train(TrainingListener.NONE);
            assertTrue(o.finished());
            assertEquals(2 * N, o.steps());
            straight = o.finalCheckpoint();
        }

        Path dir = tmp.resolve("resumed");
        try (MetaTrainer first = new MetaTrainer(spec, DATA, dir)) {
            MetaTrainer.Outcome o = first.train(TrainingListener.NONE, () -> first.step() >= N);
            assertFalse(o.finished());
            assertEquals(N, o.steps());
            assertNull(o.finalCheckpoint());
        }
        Path resumed;
        try (MetaTrainer second = new MetaTrainer(spec, DATA, dir)) {
            assertEquals(N, second.step(), "the step counter continues from the checkpoint");
            resumed = second.train(TrainingListener.NONE).finalCheckpoint();
        }

        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint a = Checkpoint.load(straight, m);
            Checkpoint b = Checkpoint.load(resumed, m);
            assertEquals(a.header().step(), b.header().step());
            assertEquals(a.header().bestValAccuracy(), b.header().bestValAccuracy());
            assertBitEqual(a.weights(), b.weights());
            assertBitEqual(a.state(), b.state());
            if (method == Method.MATCHING_NETS) {
                assertTrue(a.weights().has("logScale"), "the learned temperature is checkpointed");
                assertEquals(fce, a.weights().names().stream().anyMatch(k -> k.startsWith("fce.")));
            }
            assertBitEqual(a.adam().firstMoment(), b.adam().firstMoment());
            assertBitEqual(a.adam().secondMoment(), b.adam().secondMoment());
        }
    }

    /** Two steps short of the full run, and ending on a validation step so both validate at the same steps. */
    private static RunSpec shorter(RunSpec spec) {
        return spec.withBudget(Budget.steps(spec.budget().steps() - 2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PROTO_NETS", "MAML"})
    void aRunContinuedUnderALargerBudgetEqualsOneTrainedToItUninterrupted(Method method, @TempDir Path tmp) {
        RunSpec spec = spec(method, false);
        Path straight;
        try (MetaTrainer t = new MetaTrainer(spec, DATA, tmp.resolve("straight"))) {
            straight = t.train(TrainingListener.NONE).finalCheckpoint();
        }
        Path dir = tmp.resolve("continued");
        try (MetaTrainer first = new MetaTrainer(shorter(spec), DATA, dir)) {
            assertEquals(2 * N - 2, first.train(TrainingListener.NONE).steps());
        }
        Path continued;
        try (MetaTrainer second = MetaTrainer.extending(spec, DATA, dir)) {
            assertEquals(2 * N - 2, second.step(), "the continued run starts where the shorter one ended");
            continued = second.train(TrainingListener.NONE).finalCheckpoint();
        }

        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint a = Checkpoint.load(straight, m);
            Checkpoint b = Checkpoint.load(continued, m);
            assertEquals(spec.runId(), b.header().runId(), "the continued run's checkpoints carry the new spec");
            assertEquals(spec, b.header().provenance().spec());
            assertEquals(a.header().step(), b.header().step());
            assertEquals(a.header().bestStep(), b.header().bestStep());
            assertBitEqual(a.weights(), b.weights());
            assertBitEqual(a.adam().firstMoment(), b.adam().firstMoment());
            assertBitEqual(a.adam().secondMoment(), b.adam().secondMoment());
        }
    }

    @Test
    void aCheckpointOfAnotherBudgetIsContinuedOnlyWhenAskedAndOnlyIfNothingElseDiffers(@TempDir Path tmp) {
        RunSpec spec = spec(Method.PROTO_NETS, false);
        try (MetaTrainer first = new MetaTrainer(shorter(spec), DATA, tmp)) {
            first.train(TrainingListener.NONE);
        }
        assertThrows(IllegalStateException.class, () -> new MetaTrainer(spec, DATA, tmp).close(),
                "an ordinary trainer refuses another run's checkpoint");
        assertThrows(IllegalStateException.class, () -> MetaTrainer.extending(spec.withHyper("lr", 0.01), DATA, tmp)
                .close(), "a continued run may change its budget only");
        RunSpec cosine = shorter(spec).withHyper("lrSchedule", "cosine");
        Path cosineDir = tmp.resolve("cosine");
        try (MetaTrainer first = new MetaTrainer(cosine, DATA, cosineDir)) {
            first.train(TrainingListener.NONE);
        }
        assertThrows(IllegalStateException.class, () -> MetaTrainer.extending(cosine.withBudget(spec.budget()), DATA,
                cosineDir).close(), "a cosine over more steps would not be the same run continued");

        RunSpec wall = shorter(spec).withHyper("lrSchedule", "cosine-wall")
                .withBudget(new Budget(shorter(spec).budget().steps(), 600));
        Path wallDir = tmp.resolve("cosine-wall");
        try (MetaTrainer first = new MetaTrainer(wall, DATA, wallDir)) {
            first.train(TrainingListener.NONE);
        }
        assertThrows(IllegalStateException.class, () -> MetaTrainer.extending(wall.withBudget(new Budget(
                spec.budget().steps(), 1200)), DATA, wallDir).close(), "a cosine over more seconds is another run");
        try (MetaTrainer more = MetaTrainer.extending(wall.withBudget(new Budget(spec.budget().steps(), 600)), DATA,
                wallDir)) {
            assertEquals(wall.budget().steps(), more.step(), "more steps under the same wall: the same run continued");
        }
    }

    private static void assertBitEqual(Params a, Params b) {
        assertEquals(a.names(), b.names());
        for (String k : a.names()) {
            assertArrayEquals(a.get(k).toByteArray(), b.get(k).toByteArray(), k + " differs");
        }
    }
}
