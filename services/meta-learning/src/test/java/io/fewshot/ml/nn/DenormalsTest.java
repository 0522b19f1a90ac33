package io.fewshot.ml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's kernels flush denormal floats to zero on a thread that asked for it, and only there. */
class DenormalsTest {
    /** 1e-20 squared is 1e-40: below float's normal range (1.18e-38), so a denormal unless flushed. */
    private static final float SMALL = 1e-20f;

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    @Test
    void aProductBelowTheNormalRangeIsZeroOnAThreadThatFlushes() throws Exception {
        float product = CompletableFuture.supplyAsync(() -> {
            assertTrue(Denormals.flushOnThisThread(), "the test JVM runs with the foreign-function flags");
            return square(SMALL);
        }, runnable -> new Thread(runnable).start()).get();
        assertEquals(0f, product);
    }

    @Test
    void aThreadThatDidNotAskKeepsTheDenormal() throws Exception {
        float product = CompletableFuture.supplyAsync(() -> square(SMALL), runnable -> new Thread(runnable).start())
                .get();
        assertEquals(SMALL * SMALL, product, 0f);
        assertTrue(product > 0f && product < Float.MIN_NORMAL, "1e-40 is a denormal: " + product);
    }

    private static float square(float x) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x});
            return a.mul(a).toFloatArray()[15];
        }
    }
}
