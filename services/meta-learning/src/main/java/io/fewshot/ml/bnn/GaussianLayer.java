package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import io.fewshot.ml.nn.Ops;

/**
 * The factorised Gaussian over one dense layer's weights and biases for T tasks at once:
 * weight means and log-variances {@code [T, In, Out]}, bias means and log-variances {@code [T, Out]},
 * and the standard deviations exp(logVar / 2) that every Flipout sample scales its noise by.
 *
 * <p>Variance is kept positive as the exponential of a log-variance: the closed-form KL to N(0, 1)
 * is then linear in the log-variance, and sigma = exp(logVar / 2) needs no clamping at the scales
 * the heads emit (initialised at {@link BnnSettings#initialLogVariance}). Sigma is computed once per
 * generated Gaussian and carried through the inner steps, which move only the means.
 *
 * <p>The weight means are kept in the form that is cheapest to multiply ({@link WeightMeans}: as the low-rank
 * heads generate them, or written out), and the first layer's inner steps in kernel form ({@link KernelSteps}):
 * its means are {@code M - X^T D}, never written out as a [T, In, Out] tensor by the fast paths
 * ({@link #meanProduct}, {@link #meanTransposedProduct}, {@link #weightMeanSquares}); {@link #weightMean()} writes
 * them out for everyone else.
 *
 * @param means the weight means where {@code steps} is empty; else the means the steps start from
 * @param steps inner steps in kernel form, {@link KernelSteps#NONE} if none
 */
public record GaussianLayer(WeightMeans means, NDArray weightLogVar, NDArray biasMean, NDArray biasLogVar,
        NDArray weightSigma, NDArray biasSigma, KernelSteps steps) {

    /** The Gaussian of these means and log-variances, with their standard deviations. */
    public GaussianLayer(WeightMeans means, NDArray weightLogVar, NDArray biasMean, NDArray biasLogVar) {
        this(means, weightLogVar, biasMean, biasLogVar, sigma(weightLogVar), sigma(biasLogVar), KernelSteps.NONE);
    }

    /** As above, the weight means written out. */
    public GaussianLayer(NDArray weightMean, NDArray weightLogVar, NDArray biasMean, NDArray biasLogVar) {
        this(new WeightMeans.Dense(weightMean), weightLogVar, biasMean, biasLogVar);
    }

    private static NDArray sigma(NDArray logVar) {
        return Ops.mul(logVar, 0.5).exp();
    }

    /** The weight means {@code [T, In, Out]}, inner steps included, written out (slow for the first layer). */
    public NDArray weightMean() {
        return steps.isEmpty() ? means.tensor()
                : means.tensor().sub(steps.inputs().transpose(0, 2, 1).matMul(steps.outputs()));
    }

    /** {@code x · weight means} for {@code x [T, B, In]}: {@code [T, B, Out]}. */
    public NDArray meanProduct(NDArray x) {
        NDArray product = means.times(x);
        return steps.isEmpty() ? product
                : product.sub(x.matMul(steps.inputs().transpose(0, 2, 1)).matMul(steps.outputs()));
    }

    /**
     * {@code y · (weight means)^T} for {@code y [T, B, Out]}: {@code [T, B, In]}, the gradient {@link #meanProduct}
     * passes to its input; with steps, {@code y (M - X^T D)^T = y M^T - (y D^T) X}.
     */
    public NDArray meanTransposedProduct(NDArray y) {
        NDArray product = means.timesTransposed(y);
        return steps.isEmpty() ? product
                : product.sub(y.matMul(steps.outputs().transpose(0, 2, 1)).matMul(steps.inputs()));
    }

    /**
     * The sum of the squared weight means per task, {@code [T]}: with steps, |M - X^T D|² =
     * |M|² - 2 <X M, D> + <X X^T D, D>.
     */
    public NDArray weightMeanSquares() {
        NDArray squares = means.squares();
        if (steps.isEmpty()) {
            return squares;
        }
        int[] axes = {1, 2};
        NDArray x = steps.inputs();
        NDArray d = steps.outputs();
        NDArray cross = means.times(x).mul(d).sum(axes);
        NDArray quadratic = x.matMul(x.transpose(0, 2, 1)).matMul(d).mul(d).sum(axes);
        return squares.sub(Ops.mul(cross, 2)).add(quadratic);
    }

    public long inputs() {
        return weightLogVar.getShape().get(1);
    }

    public long outputs() {
        return weightLogVar.getShape().get(2);
    }

    /** The same variances around new means (what an inner SGD step produces); no kernel-form steps. */
    public GaussianLayer withMeans(NDArray newWeightMean, NDArray newBiasMean) {
        return new GaussianLayer(new WeightMeans.Dense(newWeightMean), weightLogVar, newBiasMean, biasLogVar,
                weightSigma, biasSigma, KernelSteps.NONE);
    }

    /**
     * An inner step in kernel form: the weight means move by {@code -inputs^T · outputStep} and the bias means
     * by {@code -biasStep}. Every step of a layer must see the same {@code inputs} (true of the first layer,
     * whose input is the support itself); the steps' output parts add up.
     */
    public GaussianLayer withKernelStep(NDArray inputs, NDArray outputStep, NDArray biasStep) {
        KernelSteps next = steps.isEmpty() ? new KernelSteps(inputs, outputStep)
                : new KernelSteps(steps.inputs(), steps.outputs().add(outputStep));
        return new GaussianLayer(means, weightLogVar, biasMean.sub(biasStep), biasLogVar, weightSigma, biasSigma,
                next);
    }

    /** Number of generated weights and biases per task. */
    public long count() {
        return inputs() * outputs() + outputs();
    }

    /**
     * Inner steps of a layer whose input X {@code [T, S, In]} is the same at every step, as a sum of
     * {@code X^T D} with D {@code [T, S, Out]}: each step's weight gradient is {@code X^T dU}, so k steps
     * add up to {@code X^T (dU_1 + ... + dU_k)}. The kernel trick: {@code x · (M - X^T D) = x M - (x X^T) D},
     * products with S support rows instead of a [T, In, Out] update per step (the FAITHFUL network's
     * first layer is 784 x 256, 81% of its weights; S is 5 to 25).
     */
    public record KernelSteps(NDArray inputs, NDArray outputs) {
        public static final KernelSteps NONE = new KernelSteps(null, null);

        public boolean isEmpty() {
            return inputs == null;
        }
    }
}
