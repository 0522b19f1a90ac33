package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Conv4ExtractorTest {
    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @Test
    void embeddingLeavesNothingBehindInTheFrozenWeightsManager() {
        try (NDManager frozen = NDManager.newBaseManager()) {
            Conv4 net = new Conv4(1, 8);
            Params weights = net.init(frozen, new SplittableRandom(1));
            Conv4Extractor extractor = new Conv4Extractor(net, weights, net.initState(frozen), 8, "test");
            int held = frozen.getManagedArrays().size();
            float[] first = null;
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = NDManager.newBaseManager()) {
                    NDArray images = scope.ones(new Shape(4, 1, 28, 28));
                    NDArray features = extractor.embed(images);
                    assertEquals(scope, features.getManager(), "the embedding belongs to the caller");
                    assertEquals(scope, images.getManager(), "the images are given back");
                    float[] now = features.toFloatArray();
                    if (first != null) {
                        assertArrayEquals(first, now, "the same images embed the same way every call");
                    }
                    first = now;
                }
                assertEquals(held, frozen.getManagedArrays().size(), "after call " + (step + 1));
            }
        }
    }
}
