package io.fewshot.contracts;

import java.util.Map;

/** Small valid values shared by the tests. */
public final class Samples {
    private Samples() {
    }

    public static RunSpec spec() {
        return new RunSpec("omniglot", "vinyals", Method.MAML, 5, 1, 15, 1, 0.4, new Budget(100, 60), 7,
                Map.of("lr", 1e-3, "metaBatch", 32, "firstOrder", false, "lrSchedule", "constant"));
    }
}
