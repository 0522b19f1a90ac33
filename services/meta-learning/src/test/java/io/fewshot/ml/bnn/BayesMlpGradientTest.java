package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BayesMlpGradientTest {

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void explicitMeanGradientEqualsAutogradThroughFlipoutSamples(boolean centered) {
        try (NDManager m = NDManager.newBaseManager(); Autograd.Scope on = Autograd.enabled()) {
            JniUtils.setSeed(5);
            int tasks = 3;
            long batch = 6;
            BayesMlp mlp = new BayesMlp(centered, 7, 5, 4, 3);
            SplittableRandom rng = new SplittableRandom(9);
            // Distinct weights per task and sizeable variances, so task mix-ups and noise terms show.
            List<GaussianLayer> layers = new ArrayList<>();
            for (int l = 0; l < mlp.layers(); l++) {
                long in = mlp.inputs(l);
                long out = mlp.outputs(l);
                layers.add(new GaussianLayer(f64(Init.normal(m, rng, new Shape(tasks, in, out), 0.7)),
                        f64(Init.normal(m, rng, new Shape(tasks, in, out), 0.5).sub(1)),
                        f64(Init.normal(m, rng, new Shape(tasks, out), 0.3)),
                        f64(Init.normal(m, rng, new Shape(tasks, out), 0.5).sub(1))));
            }
            layers.forEach(g -> {
                g.weightMean().setRequiresGradient(true);
                g.biasMean().setRequiresGradient(true);
            });
            NDArray x = f64(Init.normal(m, rng, new Shape(tasks, batch, 7), 1.0));
            NDArray y = m.create(new long[] {0, 1, 2, 0, 1, 2, 2, 2, 1, 1, 0, 0, 1, 0, 2, 1, 0, 2},
                    new Shape(tasks, batch));

            BayesMlp.Forward f = mlp.forward(x, layers, mlp.sampleNoise(m, tasks, batch, DataType.FLOAT64));
            List<NDArray[]> explicit = mlp.meanGradient(f, layers, y);
            Autograd.backward(BayesMlp.supportLoss(f.logits(), y));

            for (int l = 0; l < mlp.layers(); l++) {
                check("layer " + l + " weight mean", layers.get(l).weightMean().getGradient(), explicit.get(l)[0]);
                check("layer " + l + " bias mean", layers.get(l).biasMean().getGradient(), explicit.get(l)[1]);
            }
        }
    }

    private static void check(String what, NDArray auto, NDArray mine) {
        assertEquals(auto.getShape(), mine.getShape(), what);
        double scale = auto.abs().max().getDouble();
        assertTrue(scale > 1e-6, what + " gradient is zero; the check would be empty");
        double err = auto.sub(mine).abs().max().getDouble() / scale;
        assertTrue(err < 1e-10, what + " relative error " + err);
    }

    private static NDArray f64(NDArray a) {
        return a.toType(DataType.FLOAT64, false);
    }
}
