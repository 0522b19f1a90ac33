package io.fewshot.contracts.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpentBudgetTest {
    @Test
    void theTrainingBehindANumberReadsInSecondsMinutesOrHours() {
        assertEquals("1234 steps, 61 s", SpentBudget.describe(1234, 61.4));
        assertEquals("10 steps, 2 min", SpentBudget.describe(10, 120.0));
        assertEquals("3000 steps, 119 min", SpentBudget.describe(3000, 7139.0));
        assertEquals("60000 steps, 7.2 h", SpentBudget.describe(60_000, 25_920.0));
        assertEquals("5 steps, ? s", SpentBudget.describe(5, null));
    }
}
