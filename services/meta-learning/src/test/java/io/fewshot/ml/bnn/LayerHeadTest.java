package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heads emit what their class comment defines, with the gain on everything, however the product is grouped. */
class LayerHeadTest {
    private static final long ROWS = 7;
    private static final long COLS = 5;
    private static final int HIDDEN = 3;
    private static final int RANK = 2;
    private static final float GAIN = 2.5f;

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @Test
    void lowRankHeadEmitsGainTimesBasePlusAQPlusPB() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerHead head = new LayerHead("w", ROWS, COLS, HIDDEN, RANK, 0, GAIN);
            assertEquals(LayerHead.Form.LOW_RANK, head.form());
            Params p = new Params();
            head.init(p, m, new SplittableRandom(5), m.randomNormal(new Shape(ROWS, COLS)));
            NDArray h = m.randomNormal(new Shape(4, HIDDEN));
            NDArray a = h.matMul(p.get("w.wa")).reshape(4, ROWS, RANK);
            NDArray b = h.matMul(p.get("w.wb")).reshape(4, RANK, COLS);
            NDArray expected = a.matMul(p.get("w.q")).add(p.get("w.p").matMul(b)).add(p.get("w.base")).mul(GAIN);
            assertClose(expected, head.emit(p, h));
        }
    }

    @Test
    void denseHeadEmitsGainTimesBasePlusItsOwnWeightPerEntry() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerHead head = new LayerHead("w", ROWS, COLS, HIDDEN, RANK, ROWS * COLS, GAIN);
            assertEquals(LayerHead.Form.DENSE, head.form());
            Params p = new Params();
            head.init(p, m, new SplittableRandom(5), m.randomNormal(new Shape(ROWS, COLS)));
            NDArray h = m.randomNormal(new Shape(4, HIDDEN));
            NDArray expected = h.matMul(p.get("w.dense")).reshape(4, ROWS, COLS).add(p.get("w.base")).mul(GAIN);
            assertClose(expected, head.emit(p, h));
        }
    }

    @Test
    void factoredMeansMultiplyBothWaysAndSquareAsTheMeansWrittenOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerHead head = new LayerHead("w", ROWS, COLS, HIDDEN, RANK, 0, GAIN);
            Params p = new Params();
            head.init(p, m, new SplittableRandom(6), m.randomNormal(new Shape(ROWS, COLS)));
            WeightMeans factored = head.emitFactored(p, m.randomNormal(new Shape(4, HIDDEN)));
            assertTrue(factored instanceof WeightMeans.Factored, "a low-rank head's means stay factored");
            WeightMeans dense = new WeightMeans.Dense(factored.tensor());
            NDArray x = m.randomNormal(new Shape(4, 3, ROWS));
            assertClose(dense.times(x), factored.times(x));
            NDArray y = m.randomNormal(new Shape(4, 3, COLS));
            assertClose(dense.timesTransposed(y), factored.timesTransposed(y));
            assertClose(dense.squares(), factored.squares());
        }
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toFloatArray();
        float[] tolerance = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            tolerance[i] = Math.abs(e[i] - a[i]) <= 1e-5f * (1 + Math.abs(e[i])) ? 0 : e[i] - a[i];
        }
        assertArrayEquals(new float[e.length], tolerance, "emitted minus defined, beyond 1e-5 relative");
    }
}
