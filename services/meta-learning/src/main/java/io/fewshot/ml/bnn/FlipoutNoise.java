package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The random numbers of one Flipout forward pass through one layer for T tasks (Wen et al. 2018):
 * one standard-normal weight perturbation per mini-batch {@code eps [T, In, Out]} (or
 * {@code [1, In, Out]} shared by the tasks, see below),
 * Rademacher signs per example on the input {@code s [T, B, In]} and output {@code r [T, B, Out]},
 * and a standard-normal bias draw per task {@code epsBias [T, Out]} (biases are sampled plainly).
 *
 * <p>Drawn with the manager's native random ops so that they follow {@code JniUtils.setSeed}: the
 * trainer seeds each step from (seed, step), which keeps resumption exact.
 */
public record FlipoutNoise(NDArray eps, NDArray inSigns, NDArray outSigns, NDArray epsBias) {

    /** Noise with an independent weight perturbation per task. */
    public static FlipoutNoise sample(NDManager m, int tasks, long batch, long in, long out, DataType type) {
        return sample(m, tasks, batch, in, out, type, false);
    }

    /**
     * @param shareAcrossTasks one standard-normal draw {@code eps [1, In, Out]} for all T tasks
     *                         (each task still scales it by its own sigma). This is Flipout's own
     *                         argument applied to the meta-batch as one mini-batch: the per-example
     *                         sign vectors, independent across tasks too, decorrelate the examples
     *                         of different tasks as they do those of one task. It divides the
     *                         random numbers drawn per layer by T, which dominate Flipout's cost
     *                         when each task's batch is small (25 images against 784x256 weights).
     */
    public static FlipoutNoise sample(NDManager m, int tasks, long batch, long in, long out, DataType type,
            boolean shareAcrossTasks) {
        NDArray eps = m.randomNormal(0f, 1f, new Shape(shareAcrossTasks ? 1 : tasks, in, out), type);
        NDArray epsBias = m.randomNormal(0f, 1f, new Shape(tasks, out), type);
        return new FlipoutNoise(eps, rademacher(m, new Shape(tasks, batch, in), type),
                rademacher(m, new Shape(tasks, batch, out), type), epsBias);
    }

    /**
     * No perturbation: eps and epsBias zero, signs +1, so that a layer computes x·mu + b_mu, the
     * weights with sigma forced to 0 (the deterministic mode of {@link AmortizedBnn#deterministic}).
     */
    public static FlipoutNoise zero(NDManager m, int tasks, long batch, long in, long out, DataType type) {
        return new FlipoutNoise(m.zeros(new Shape(1, in, out), type), m.ones(new Shape(tasks, batch, in), type),
                m.ones(new Shape(tasks, batch, out), type), m.zeros(new Shape(tasks, out), type));
    }

    /** Independent +1/-1 with equal probability. */
    static NDArray rademacher(NDManager m, Shape shape, DataType type) {
        return m.randomUniform(0f, 1f, shape).lt(0.5f).toType(type, false).mul(2).sub(1);
    }
}
