package io.fewshot.contracts.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PaperTablesTest {
    @Test
    void holdsThePapersNumbersAsPrinted() {
        assertEquals(OptionalDouble.of(87.4), PaperTables.accuracyPercent("omniglot", TableRow.AMORTIZED_BNN_5, 5, 1));
        assertEquals(OptionalDouble.of(95.9), PaperTables.accuracyPercent("omniglot", TableRow.META_SGD, 20, 1));
        assertEquals(OptionalDouble.of(34.0), PaperTables.accuracyPercent("omniglot", TableRow.AMORTIZED_BNN_1, 20, 5));
        assertEquals(OptionalDouble.of(68.2), PaperTables.accuracyPercent("mini-imagenet", TableRow.PROTO_NETS, 5, 5));
        assertEquals(OptionalDouble.of(46.6), PaperTables.accuracyPercent("mini-imagenet", TableRow.MATCHING_NETS, 5, 1));
    }

    @Test
    void cellsOutsideThePapersTablesHaveNoNumber() {
        assertFalse(PaperTables.accuracyPercent("mini-imagenet", TableRow.MAML, 20, 1).isPresent());
        assertFalse(PaperTables.accuracyPercent("cifar-fs", TableRow.MAML, 5, 1).isPresent());
        RunSpec threeSteps = new RunSpec("omniglot", "vinyals", Method.AMORTIZED_BNN, 5, 1, 15, 3, 0.5,
                Budget.steps(10), 1, Map.of());
        assertFalse(PaperTables.accuracyFraction(threeSteps).isPresent());
        assertThrows(IllegalArgumentException.class, () -> TableRow.of(threeSteps));
    }

    @Test
    void fractionsAreThePercentagesOverOneHundred() {
        RunSpec maml = new RunSpec("mini-imagenet", "ravi", Method.MAML, 5, 1, 15, 5, 0.01, Budget.steps(10), 1, Map.of());
        assertEquals(0.487, PaperTables.accuracyFraction(maml).getAsDouble(), 1e-12);
    }
}
