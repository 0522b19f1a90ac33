package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.fewshot.ml.nn.Threads;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GaussianKlTest {

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @Test
    void closedFormEqualsMonteCarloEstimate() {
        try (NDManager m = NDManager.newBaseManager()) {
            JniUtils.setSeed(3);
            double[] means = {0.0, 0.7, -1.5, 0.2};
            double[] logVars = {0.0, -2.0, 0.8, -6.0};
            int samples = 400_000;
            for (int i = 0; i < means.length; i++) {
                NDArray mu = m.create(means[i]);
                NDArray lv = m.create(logVars[i]);
                double closed = GaussianKl.elementwise(mu, lv).getDouble();
                // KL = E_q[log q(w) - log p(w)], w = mu + sigma * eps.
                NDArray eps = m.randomNormal(0f, 1f, new Shape(samples), DataType.FLOAT64);
                double sigma = Math.exp(logVars[i] / 2);
                NDArray w = eps.mul(sigma).add(means[i]);
                NDArray logQ = eps.pow(2).mul(-0.5).sub(Math.log(sigma));
                NDArray logP = w.pow(2).mul(-0.5);
                NDArray diff = logQ.sub(logP);
                double mc = diff.mean().getDouble();
                double se = Math.sqrt(diff.sub(mc).pow(2).mean().getDouble() / samples);
                assertEquals(closed, mc, 4 * se + 1e-9, "KL for mean " + means[i] + ", log-variance " + logVars[i]);
            }
        }
    }

    @Test
    void perTaskSumsEveryWeightAndBiasOfEveryLayer() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Two tasks; one layer 2x1 with known values; KL(N(1, 1) || N(0, 1)) = 0.5 per weight.
            NDArray wMean = m.create(new float[] {1, 1, 0, 0}, new Shape(2, 2, 1));
            NDArray zeros = m.zeros(new Shape(2, 2, 1));
            NDArray bMean = m.create(new float[] {1, 2}, new Shape(2, 1));
            GaussianLayer l = new GaussianLayer(wMean, zeros, bMean, m.zeros(new Shape(2, 1)));
            float[] kl = GaussianKl.perTask(List.of(l, l)).toFloatArray();
            assertEquals(2 * (0.5 + 0.5 + 0.5), kl[0], 1e-6);
            assertEquals(2 * (0 + 0 + 2.0), kl[1], 1e-6);
            assertEquals(2 * 3, GaussianKl.count(List.of(l, l)));
        }
    }
}
