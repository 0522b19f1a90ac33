package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;

/**
 * A dense layer with Gaussian weights, in functional form: the distribution is an input, not an
 * owned parameter, because the hypernetwork generates it per task.
 *
 * <p>Flipout (Wen et al., ICLR 2018): with W = mu + dW, dW = sigma ∘ eps shared by the mini-batch,
 * example n gets the perturbation dW ∘ (s_n r_n^T), which is a valid, pseudo-independent sample
 * per example, computed with two batched matrix products instead of one weight sample per example:
 * <pre>  out = x·mu + ((x ∘ s)·dW) ∘ r + (b_mu + b_sigma ∘ eps_b)</pre>
 * Shapes: x {@code [T, B, In]}, weights {@code [T, In, Out]}, out {@code [T, B, Out]}.
 */
public final class FlipoutDense {
    private FlipoutDense() {
    }

    public static NDArray forward(NDArray x, GaussianLayer layer, FlipoutNoise noise) {
        return weighted(x, layer, noise).add(bias(layer, noise).expandDims(1));
    }

    /** The weight part alone, {@code x·mu + ((x ∘ s)·dW) ∘ r}: {@code [T, B, Out]}. */
    public static NDArray weighted(NDArray x, GaussianLayer layer, FlipoutNoise noise) {
        return weighted(x, layer, perturbation(layer, noise), noise);
    }

    /** As above with the perturbation {@code dW} given (a caller that needs it again keeps it). */
    public static NDArray weighted(NDArray x, GaussianLayer layer, NDArray dW, FlipoutNoise noise) {
        return layer.meanProduct(x).add(x.mul(noise.inSigns()).matMul(dW).mul(noise.outSigns()));
    }

    /** The shared weight perturbation {@code dW = sigma ∘ eps}: {@code [T, In, Out]}. */
    public static NDArray perturbation(GaussianLayer layer, FlipoutNoise noise) {
        return noise.eps().mul(layer.weightSigma());
    }

    /** The bias sample {@code b_mu + b_sigma ∘ eps_b}, one per task and mini-batch: {@code [T, Out]}. */
    public static NDArray bias(GaussianLayer layer, FlipoutNoise noise) {
        return noise.epsBias().mul(layer.biasSigma()).add(layer.biasMean());
    }

    /** The deterministic layer at the mean weights. */
    public static NDArray atMean(NDArray x, GaussianLayer layer) {
        return layer.meanProduct(x).add(layer.biasMean().expandDims(1));
    }
}
