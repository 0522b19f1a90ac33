package io.fewshot.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation comes every N steps, and with a wall-clock interval also every V seconds and at the last step. */
class ValidationCadenceTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(12, 4, 16, 3);

    @Test
    void aStepCadenceValidatesOnMultiplesOfItsStepsWhateverTheClock() {
        ValidationCadence c = new ValidationCadence(5, 0);
        assertTrue(c.due(10, 0));
        assertFalse(c.due(11, 1e6));
        assertFalse(c.dueAtEnd(11, 10));
    }

    @Test
    void aWallClockCadenceValidatesOnceItsIntervalHasPassedAndAtTheEnd() {
        ValidationCadence c = new ValidationCadence(0, 300);
        assertFalse(c.due(7, 299.9));
        assertTrue(c.due(7, 300));
        assertTrue(c.dueAtEnd(9, 7));
        assertFalse(c.dueAtEnd(9, 9), "the last step was just validated");
        assertTrue(new ValidationCadence(1000, 300).due(1000, 1), "either cadence is enough");
        assertFalse(new ValidationCadence(0, 0).enabled());
    }

    @Test
    void aTrainerOnAWallClockCadenceValidatesWhenTheIntervalPassesAndAtTheLastStep(@TempDir Path tmp) {
        // An interval no run reaches: the only validation is the one at the last step.
        assertEquals(List.of(3L), validatedSteps(tmp.resolve("long"), 1e6));
        // An interval every step passes: each step is validated, the last one once.
        assertEquals(List.of(1L, 2L, 3L), validatedSteps(tmp.resolve("short"), 1e-9));
    }

    private static List<Long> validatedSteps(Path dir, double validateSeconds) {
        RunSpec spec = new RunSpec("synthetic", "random", Method.PROTO_NETS, 3, 1, 2, 0, 0, Budget.steps(3), 1,
                Map.of("filters", 4, "validateEvery", 0, "validateSeconds", validateSeconds, "trainWay", 3,
                        "validationEpisodes", 2));
        List<Long> steps = new ArrayList<>();
        try (MetaTrainer t = new MetaTrainer(spec, DATA, dir)) {
            t.train(new TrainingListener() {
                @Override
                public void onValidation(long step, double accuracy, boolean best) {
                    steps.add(step);
                }
            });
        }
        return steps;
    }
}
