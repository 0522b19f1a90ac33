package io.fewshot.ml.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void aCosineOverWallTimeFollowsTheSecondsTrainedNotTheSteps() {
        LrSchedule wall = new LrSchedule(LrSchedule.COSINE_WALL, 1e-3, 0, 0.5, 1_000_000, 3600);
        assertEquals(1e-3, wall.at(0, 0), 1e-15);
        assertEquals(5e-4, wall.at(10, 1800), 1e-12, "half the rate at half the wall, whatever the step");
        assertEquals(5e-4, wall.at(9000, 1800), 1e-12);
        assertEquals(0, wall.at(20, 3600), 1e-15, "zero at the wall");
        assertEquals(0, wall.at(20, 3700), 1e-15, "and after it (the last step and validation may overrun)");
        assertEquals(3600, wall.horizon());
    }

    @Test
    void aCosineOverStepsIgnoresTheSeconds() {
        LrSchedule steps = new LrSchedule("cosine", 1e-3, 0, 0.5, 100, 3600);
        assertEquals(5e-4, steps.at(50, 10), 1e-12);
        assertEquals(5e-4, steps.at(50, 3000), 1e-12);
        assertEquals(100, steps.horizon());
        assertEquals(0, new LrSchedule("constant", 1e-3, 0, 0.5, 100, 3600).horizon(), "no end to continue past");
    }

    @Test
    void aCosineOverWallTimeWithoutAWallBudgetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LrSchedule(LrSchedule.COSINE_WALL, 1e-3, 0, 0.5, 100, 0));
        assertTrue(e.getMessage().contains("wall"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new LrSchedule("linear", 1e-3, 0, 0.5, 100, 0));
        assertTrue(unknown.getMessage().contains("cosine-wall"), unknown.getMessage());
    }
}
