package io.fewshot.support;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import java.util.Map;

/** Run specs that train on {@link TinyDataset} in seconds: Prototypical Networks, 8 filters, 5-way 1-shot. */
public final class TinySpecs {
    private TinySpecs() {
    }

    /**
     * @param steps           training steps
     * @param checkpointEvery steps between checkpoints
     * @param seed            distinct seeds give distinct run ids
     */
    public static RunSpec protoNet(int steps, int checkpointEvery, long seed) {
        return new RunSpec(TinyDataset.NAME, TinyDataset.SPLIT, Method.PROTO_NETS, 5, 1, 5, 0, 0, Budget.steps(steps),
                seed, Map.of(HyperKeys.FILTERS, 8, HyperKeys.CHECKPOINT_EVERY, checkpointEvery,
                        HyperKeys.VALIDATE_EVERY, steps / 2, HyperKeys.VALIDATION_EPISODES, 5, HyperKeys.TEST_EPISODES, 20,
                        HyperKeys.TRAIN_WAY, 5));
    }
}
