package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Threads;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flipout's two promises, checked statistically with M independent draws run as M "tasks" that
 * share one layer: each example's output is an unbiased sample around the mean layer with the
 * right variance, and examples in one mini-batch get (pseudo-)independent perturbations.
 */
class FlipoutDenseTest {
    private static final int M = 20000;
    private static final int IN = 8;
    private static final int OUT = 3;
    private static final double SIGMA = 0.5;
    private static final double BIAS_SIGMA = 1e-3;

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    /** One layer, the same for all M draws. */
    private static GaussianLayer layer(NDManager m) {
        SplittableRandom rng = new SplittableRandom(1);
        NDArray mu = Init.normal(m, rng, new Shape(1, IN, OUT), 1.0).repeat(0, M);
        NDArray b = Init.normal(m, rng, new Shape(1, OUT), 1.0).repeat(0, M);
        float lv = (float) Math.log(SIGMA * SIGMA);
        // Bias noise is shared by a mini-batch by design; kept negligible here so that the
        // statistics below are those of the weight perturbation (BIAS_SIGMA).
        float blv = (float) Math.log(BIAS_SIGMA * BIAS_SIGMA);
        return new GaussianLayer(mu, m.full(new Shape(M, IN, OUT), lv), b, m.full(new Shape(M, OUT), blv));
    }

    /** Two copies of one input: any correlation between their perturbations comes from the weights. */
    private static NDArray twinInputs(NDManager m) {
        NDArray x = Init.normal(m, new SplittableRandom(2), new Shape(1, 1, IN), 1.0);
        return x.repeat(1, 2).repeat(0, M);
    }

    @Test
    void outputsAverageToTheLayerAtTheMeanWithTheRightSpread() {
        try (NDManager m = NDManager.newBaseManager()) {
            JniUtils.setSeed(7);
            GaussianLayer layer = layer(m);
            NDArray x = twinInputs(m);
            NDArray out = FlipoutDense.forward(x, layer, FlipoutNoise.sample(m, M, 2, IN, OUT, DataType.FLOAT32));
            NDArray exact = FlipoutDense.atMean(x, layer);
            double xx = x.get(0, 0).pow(2).sum().getFloat();
            double sd = Math.sqrt(SIGMA * SIGMA * xx + BIAS_SIGMA * BIAS_SIGMA);
            float[] mean = out.mean(new int[] {0}).toFloatArray();
            float[] want = exact.get(0).toFloatArray();
            for (int i = 0; i < mean.length; i++) {
                assertEquals(want[i], mean[i], 4 * sd / Math.sqrt(M), "output " + i);
            }
            double var = out.sub(exact).pow(2).mean().getFloat();
            assertEquals(sd * sd, var, 0.05 * sd * sd, "variance of one output");
        }
    }

    @Test
    void examplesInABatchAreDecorrelatedUnlikeOneSharedSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            JniUtils.setSeed(8);
            GaussianLayer layer = layer(m);
            NDArray x = twinInputs(m);
            FlipoutNoise flipout = FlipoutNoise.sample(m, M, 2, IN, OUT, DataType.FLOAT32);
            // One shared weight sample: the same perturbation with all signs +1.
            FlipoutNoise shared = new FlipoutNoise(flipout.eps(), flipout.inSigns().onesLike(),
                    flipout.outSigns().onesLike(), flipout.epsBias());
            double flip = twinCorrelation(FlipoutDense.forward(x, layer, flipout), x, layer);
            double plain = twinCorrelation(FlipoutDense.forward(x, layer, shared), x, layer);
            assertTrue(plain > 0.99, "one shared sample perturbs twin examples identically, corr " + plain);
            assertTrue(Math.abs(flip) < 0.05, "Flipout decorrelates twin examples, corr " + flip);
        }
    }

    @Test
    void aPerturbationSharedByTheTasksStillDecorrelatesTheirExamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            JniUtils.setSeed(9);
            // Two tasks with the same layer and M copies of one input each, one shared eps: example i
            // of task 0 and example i of task 1 differ only through their own sign vectors.
            GaussianLayer one = layer(m);
            GaussianLayer two = new GaussianLayer(one.weightMean().get(":2"), one.weightLogVar().get(":2"),
                    one.biasMean().get(":2"), one.biasLogVar().get(":2"));
            NDArray x = twinInputs(m).get(":, 0, :").expandDims(0).repeat(0, 2);
            FlipoutNoise shared = FlipoutNoise.sample(m, 2, M, IN, OUT, DataType.FLOAT32, true);
            assertEquals(1, shared.eps().getShape().get(0), "one eps for both tasks");
            NDArray d = FlipoutDense.forward(x, two, shared).sub(FlipoutDense.atMean(x, two));
            NDArray a = d.get(0);
            NDArray b = d.get(1);
            double cov = a.mul(b).mean().getFloat() - a.mean().getFloat() * b.mean().getFloat();
            double corr = cov / Math.sqrt(a.pow(2).mean().getFloat() * b.pow(2).mean().getFloat());
            assertTrue(Math.abs(corr) < 0.05, "tasks sharing eps are decorrelated by their signs, corr " + corr);
        }
    }

    /** Correlation over the M draws between the two twins' deviations from the mean layer. */
    private static double twinCorrelation(NDArray out, NDArray x, GaussianLayer layer) {
        NDArray d = out.sub(FlipoutDense.atMean(x, layer));
        NDArray a = d.get(":, 0, :");
        NDArray b = d.get(":, 1, :");
        double cov = a.mul(b).mean().getFloat() - a.mean().getFloat() * b.mean().getFloat();
        double va = a.pow(2).mean().getFloat() - Math.pow(a.mean().getFloat(), 2);
        double vb = b.pow(2).mean().getFloat() - Math.pow(b.mean().getFloat(), 2);
        return cov / Math.sqrt(va * vb);
    }
}
