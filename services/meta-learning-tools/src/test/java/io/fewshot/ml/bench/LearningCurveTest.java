package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The best checkpoint is the first validation of highest accuracy, as the trainer keeps it. */
class LearningCurveTest {
    private static LearningCurve curve() {
        return new LearningCurve()
                .add(new LearningCurve.Point(300, 400, 0.90))
                .add(new LearningCurve.Point(600, 800, 0.95))
                .add(new LearningCurve.Point(900, 1200, 0.93))
                .add(new LearningCurve.Point(1200, 1600, 0.95));
    }

    @Test
    void theBestIsTheFirstPointOfHighestValidationAccuracyNotTheLast() {
        LearningCurve.Point best = curve().best().orElseThrow();
        assertEquals(800, best.step(), "a later tie does not replace the first best");
        assertEquals(0.95, best.accuracy());
    }

    @Test
    void secondsToReachAreThoseOfTheFirstValidationAtOrAboveTheMark() {
        assertEquals(Optional.of(600.0), curve().secondsToReach(0.94));
        assertTrue(curve().secondsToReach(0.97).isEmpty());
        assertTrue(new LearningCurve().best().isEmpty());
    }

    @Test
    void pointsOutOfTimeOrderAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> curve().add(new LearningCurve.Point(100, 2000, 0.99)));
    }
}
