package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import io.fewshot.ml.nn.Ops;

/**
 * The factorised Gaussian over one dense layer's weights and biases for T tasks at once:
 * weight means and log-variances {@code [T, In, Out]}, bias means and log-variances {@code [T, Out]}.
 *
 * <p>Variance is kept positive as the exponential of a log-variance: the closed-form KL to N(0, 1)
 * is then linear in the log-variance, and sigma = exp(logVar / 2) needs no clamping at the scales
 * the heads emit (initialised at {@link BnnSettings#initialLogVariance}).
 */
public record GaussianLayer(NDArray weightMean, NDArray weightLogVar, NDArray biasMean, NDArray biasLogVar) {

    public long inputs() {
        return weightMean.getShape().get(1);
    }

    public long outputs() {
        return weightMean.getShape().get(2);
    }

    public NDArray weightSigma() {
        return Ops.mul(weightLogVar, 0.5).exp();
    }

    public NDArray biasSigma() {
        return Ops.mul(biasLogVar, 0.5).exp();
    }

    /** The same variances around new means (what an inner SGD step produces). */
    public GaussianLayer withMeans(NDArray newWeightMean, NDArray newBiasMean) {
        return new GaussianLayer(newWeightMean, weightLogVar, newBiasMean, biasLogVar);
    }

    /** Number of generated weights and biases per task. */
    public long count() {
        return inputs() * outputs() + outputs();
    }
}
