package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Threads;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One inner step binds each class to its output unit as strongly at 20-way as at 5-way (see
 * {@link BayesMlp#supportLoss}). Under the support set's plain mean, the step's logit margin was
 * lr/N: 4 times smaller at 20-way, below the weight noise, and the 1-step 20-way cells stayed at chance.
 */
class BayesMlpInnerStepTest {

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @Test
    void oneInnerStepGivesTheSameLogitMarginAtFiveAndTwentyWays() {
        double lr = 1.0;
        assertEquals(lr, marginAfterOneStep(5, lr), 1e-6, "5-way margin = lr / shots");
        assertEquals(lr, marginAfterOneStep(20, lr), 1e-6, "20-way margin = lr / shots");
    }

    /**
     * A one-layer BNN at zero means, 1-shot support of N orthogonal unit inputs (after the layer's
     * 1/sqrt(In) scaling): after one step on the support loss, the margin of a support image's
     * own class over any other class, at the means.
     */
    private static double marginAfterOneStep(int way, double lr) {
        try (NDManager m = NDManager.newBaseManager()) {
            BayesMlp mlp = new BayesMlp(way, way);
            NDArray x = Ops.mul(m.eye(way), Math.sqrt(way)).toType(DataType.FLOAT64, false).reshape(1, way, way);
            NDArray y = m.arange(0, way).toType(DataType.INT64, false).reshape(1, way);
            GaussianLayer zero = new GaussianLayer(m.zeros(new Shape(1, way, way), DataType.FLOAT64),
                    m.full(new Shape(1, way, way), -5f).toType(DataType.FLOAT64, false),
                    m.zeros(new Shape(1, way), DataType.FLOAT64),
                    m.full(new Shape(1, way), -5f).toType(DataType.FLOAT64, false));
            BayesMlp.Forward f = mlp.forward(x, List.of(zero), mlp.zeroNoise(m, 1, way, DataType.FLOAT64));
            NDArray[] g = mlp.meanGradient(f, List.of(zero), y).get(0);
            GaussianLayer stepped = zero.withMeans(Ops.mul(g[0], -lr), Ops.mul(g[1], -lr));
            NDArray logits = mlp.logitsAtMean(x, List.of(stepped)).get(0);
            return logits.getDouble(0, 0) - logits.getDouble(0, 1);
        }
    }
}
