package io.fewshot.ml.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ProtoNetTest {

    @Test
    void logitsAreNegativeSquaredDistancesToClassMeans() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 2-way 2-shot in 2-D: class 0 at (0,0),(2,0) -> mean (1,0); class 1 at (0,2),(0,4) -> mean (0,3).
            NDArray support = m.create(new float[] {0, 0, 2, 0, 0, 2, 0, 4}, new Shape(1, 4, 2));
            NDArray query = m.create(new float[] {1, 1, 3, 3}, new Shape(1, 2, 2));
            float[] logits = ProtoNet.logits(support, query, 2, 2).toFloatArray();
            // (1,1): to (1,0) -> 1, to (0,3) -> 1 + 4 = 5; (3,3): to (1,0) -> 4 + 9 = 13, to (0,3) -> 9.
            assertArrayEquals(new float[] {-1, -5, -13, -9}, logits, 1e-5f);
        }
    }
}
