package io.fewshot.ml.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Arithmetic with a Java number stays differentiable after the JVM collects garbage (see {@link Ops#scalar}). */
class OpsScalarTest {

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @Test
    void numberOperandsSurviveAGarbageCollectionBetweenForwardAndBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new double[] {1, 2, -1});
            x.setRequiresGradient(true);
            try (Autograd.Scope on = Autograd.enabled()) {
                NDArray y = Ops.mul(x, 3).add(Ops.div(x, 4)).add(Ops.pow(x, 2)).add(Ops.maximum(x, 0.5)).sum();
                GarbageCollection.collectNow();
                Autograd.backward(y);
            }
            // d/dx: 3 + 1/4 + 2x + [x > 0.5]
            assertArrayEquals(new double[] {6.25, 8.25, 1.25}, x.getGradient().toDoubleArray(), 0);
        }
    }

    @Test
    void scalarTakesTheTypeOfItsOperandSoNothingIsPromoted() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2});
            assertEquals(DataType.FLOAT32, Ops.mul(x, 0.1).getDataType());
            assertEquals(DataType.FLOAT64, Ops.scalar(x.toType(DataType.FLOAT64, false), 0.1).getDataType());
            assertEquals(0.1, Ops.scalar(x.toType(DataType.FLOAT64, false), 0.1).getDouble(), 0);
        }
    }
}
