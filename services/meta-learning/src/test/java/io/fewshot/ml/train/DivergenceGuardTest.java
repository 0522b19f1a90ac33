package io.fewshot.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceGuardTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(24, 10, 16, 9);

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    @Test
    void nonFiniteStepsAreSkippedAndARunOfThemFailsClearlyWithTheWeightsUntouched(@TempDir Path tmp) {
        // An absurd inner learning rate overflows the adapted weights: every step's loss is non-finite.
        RunSpec spec = new RunSpec("synthetic", "random", Method.MAML, 3, 1, 2, 1, 1e38, Budget.steps(100), 5,
                Map.of("filters", 4, "validateEvery", 0, "metaBatch", 2));
        try (MetaTrainer fresh = new MetaTrainer(spec, DATA, tmp.resolve("fresh"));
                MetaTrainer t = new MetaTrainer(spec, DATA, tmp.resolve("run"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.train(TrainingListener.NONE));
            assertTrue(e.getMessage().contains("diverged"), e.getMessage());
            assertEquals(MetaTrainer.MAX_NON_FINITE_STEPS - 1, t.step(), "skipped steps count; the last one throws");
            assertSameWeights(fresh.learner().parameters(), t.learner().parameters());
        }
    }

    @Test
    void aSkippedStepLeavesTheBatchNormStatisticsAsTheyWere(@TempDir Path tmp) {
        // A standard deviation of the smallest float makes every normalised pixel infinite: the forward pass
        // is non-finite, and batch norm's running statistics, updated in place by that pass, would be too.
        FewShotDataset overflowing = new FewShotDataset("synthetic", 1, 16, 16, DATA.classNames(),
                IntStream.range(0, DATA.classCount()).mapToObj(DATA::pixels).toList(), DATA.splits(),
                new float[] {0.5f}, new float[] {Float.MIN_VALUE}, "overflow");
        RunSpec spec = new RunSpec("synthetic", "random", Method.PROTO_NETS, 3, 1, 2, 0, 0, Budget.steps(100), 5,
                Map.of("filters", 4, "validateEvery", 0));
        try (MetaTrainer fresh = new MetaTrainer(spec, overflowing, tmp.resolve("fresh"));
                MetaTrainer t = new MetaTrainer(spec, overflowing, tmp.resolve("run"))) {
            assertThrows(IllegalStateException.class, () -> t.train(TrainingListener.NONE));
            assertEquals(MetaTrainer.MAX_NON_FINITE_STEPS - 1, t.step());
            assertSameWeights(fresh.learner().parameters(), t.learner().parameters());
            assertSameWeights(fresh.learner().state(), t.learner().state());
        }
    }

    private static void assertSameWeights(Params expected, Params actual) {
        for (String k : expected.names()) {
            assertArrayEquals(expected.get(k).toFloatArray(), actual.get(k).toFloatArray(), k + " was updated");
        }
    }
}
