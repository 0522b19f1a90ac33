package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Weight initialisation from a Java RNG, so that a seed fixes the initial weights whatever the
 * native library's own random state is.
 */
public final class Init {
    private Init() {
    }

    /** He (Kaiming) normal: std = sqrt(2 / fanIn), suited to ReLU networks. */
    public static NDArray heNormal(NDManager m, SplittableRandom rng, Shape shape, long fanIn) {
        return normal(m, rng, shape, Math.sqrt(2.0 / fanIn));
    }

    /** Glorot (Xavier) uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
    public static NDArray glorotUniform(NDManager m, SplittableRandom rng, Shape shape, long fanIn, long fanOut) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * a);
        }
        return m.create(v, shape);
    }

    public static NDArray normal(NDManager m, SplittableRandom rng, Shape shape, double std) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (gaussian(rng) * std);
        }
        return m.create(v, shape);
    }

    public static NDArray constant(NDManager m, Shape shape, float value) {
        return m.full(shape, value);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
