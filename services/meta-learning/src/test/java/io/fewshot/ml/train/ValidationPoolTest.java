package io.fewshot.ml.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that would validate on a split without a val pool is refused before it starts, in every entry point. */
class ValidationPoolTest {
    private static final FewShotDataset WITH_VAL = Fixtures.synthetic(12, 4, 16, 3);
    private static final FewShotDataset TRAINVAL = new FewShotDataset("synthetic", 1, 16, 16,
            WITH_VAL.classNames(), java.util.stream.IntStream.range(0, 12).mapToObj(WITH_VAL::pixels).toList(),
            Map.of("train", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, "test", new int[] {9, 10, 11}),
            new float[] {0.5f}, new float[] {0.3f}, "synthetic-trainval");

    private static RunSpec spec(int validateEvery) {
        return new RunSpec("synthetic", "random", Method.PROTO_NETS, 3, 1, 2, 0, 0, Budget.steps(2), 1,
                Map.of("filters", 4, "validateEvery", validateEvery, "trainWay", 3));
    }

    @Test
    void aRunThatWouldValidateWithoutAValPoolIsRefusedBeforeItStarts(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetaTrainer(spec(1), TRAINVAL, tmp.resolve("refused")));
        assertTrue(e.getMessage().contains("no val pool") && e.getMessage().contains("validateEvery=0"),
                e.getMessage());
    }

    @Test
    void withoutValidationOrWithAValPoolTheRunIsAccepted(@TempDir Path tmp) {
        new MetaTrainer(spec(0), TRAINVAL, tmp.resolve("no-validation")).close();
        new MetaTrainer(spec(1), WITH_VAL, tmp.resolve("validating")).close();
    }
}
