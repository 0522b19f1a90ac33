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

    private static void assertSameWeights(Params expected, Params actual) {
        for (String k : expected.names()) {
            assertArrayEquals(expected.get(k).toFloatArray(), actual.get(k).toFloatArray(), k + " was updated");
        }
    }
}
