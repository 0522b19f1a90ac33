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
import org.junit.jupiter.api.Test;
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
            List<GaussianLayer> layers = randomLayers(m, rng, mlp, tasks);
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

    @Test
    void innerStepsOnFactoredMeansEqualTheStepsWrittenOut() {
        try (NDManager m = NDManager.newBaseManager(); Autograd.Scope on = Autograd.enabled()) {
            JniUtils.setSeed(6);
            int tasks = 3;
            long batch = 6;
            double lr = 0.7;
            BayesMlp mlp = new BayesMlp(true, 7, 5, 4, 3);
            SplittableRandom rng = new SplittableRandom(10);
            List<GaussianLayer> written = randomLayers(m, rng, mlp, tasks);
            // The first two layers' means factored as a low-rank head emits them: shared + left . right (the
            // second's backward then multiplies by the factored means' transpose).
            List<GaussianLayer> kernel = new ArrayList<>(written);
            for (int l = 0; l < 2; l++) {
                GaussianLayer g = written.get(l);
                long in = mlp.inputs(l);
                long out = mlp.outputs(l);
                NDArray shared = f64(Init.normal(m, rng, new Shape(in, out), 0.7));
                NDArray left = f64(Init.normal(m, rng, new Shape(tasks, in, 2), 0.5));
                NDArray right = f64(Init.normal(m, rng, new Shape(tasks, 2, out), 0.5));
                kernel.set(l, new GaussianLayer(new WeightMeans.Factored(shared, left, right), g.weightLogVar(),
                        g.biasMean(), g.biasLogVar()));
                written.set(l, new GaussianLayer(left.matMul(right).add(shared), g.weightLogVar(), g.biasMean(),
                        g.biasLogVar()));
            }
            NDArray x = f64(Init.normal(m, rng, new Shape(tasks, batch, 7), 1.0));
            NDArray query = f64(Init.normal(m, rng, new Shape(tasks, 4, 7), 1.0)).mul(mlp.inputScale(0));
            NDArray y = m.create(new long[] {0, 1, 2, 0, 1, 2, 2, 2, 1, 1, 0, 0, 1, 0, 2, 1, 0, 2},
                    new Shape(tasks, batch));
            for (int step = 0; step < 3; step++) {
                List<FlipoutNoise> noise = mlp.sampleNoise(m, tasks, batch, DataType.FLOAT64);
                kernel = mlp.innerStep(mlp.forward(x, kernel, noise), kernel, y, lr, false);
                List<NDArray[]> g = mlp.meanGradient(mlp.forward(x, written, noise), written, y);
                List<GaussianLayer> next = new ArrayList<>();
                for (int l = 0; l < written.size(); l++) {
                    GaussianLayer w = written.get(l);
                    next.add(w.withMeans(w.weightMean().sub(g.get(l)[0].mul(lr)),
                            w.biasMean().sub(g.get(l)[1].mul(lr))));
                }
                written = next;
            }
            assertTrue(!kernel.get(0).steps().isEmpty() && kernel.get(1).steps().isEmpty(),
                    "the first layer's steps are in kernel form, the others' written out");
            for (int l = 0; l < mlp.layers(); l++) {
                check("layer " + l + " weight mean", written.get(l).weightMean(), kernel.get(l).weightMean());
                check("layer " + l + " bias mean", written.get(l).biasMean(), kernel.get(l).biasMean());
            }
            NDArray writtenFirst = written.get(0).weightMean();
            check("first layer's product with the query", query.matMul(writtenFirst), kernel.get(0).meanProduct(query));
            NDArray outputGrad = f64(Init.normal(m, rng, new Shape(tasks, 4, mlp.outputs(0)), 1.0));
            check("first layer's transposed product", outputGrad.matMul(writtenFirst.transpose(0, 2, 1)),
                    kernel.get(0).meanTransposedProduct(outputGrad));
            check("first layer's squared means", writtenFirst.square().sum(new int[] {1, 2}),
                    kernel.get(0).weightMeanSquares());
            check("KL", GaussianKl.perTask(written), GaussianKl.perTask(kernel));
        }
    }

    /** Distinct weights per task and sizeable variances, so task mix-ups and noise terms show. */
    private static List<GaussianLayer> randomLayers(NDManager m, SplittableRandom rng, BayesMlp mlp, int tasks) {
        List<GaussianLayer> layers = new ArrayList<>();
        for (int l = 0; l < mlp.layers(); l++) {
            long in = mlp.inputs(l);
            long out = mlp.outputs(l);
            layers.add(new GaussianLayer(f64(Init.normal(m, rng, new Shape(tasks, in, out), 0.7)),
                    f64(Init.normal(m, rng, new Shape(tasks, in, out), 0.5).sub(1)),
                    f64(Init.normal(m, rng, new Shape(tasks, out), 0.3)),
                    f64(Init.normal(m, rng, new Shape(tasks, out), 0.5).sub(1))));
        }
        return layers;
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
