package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import io.fewshot.ml.nn.Ops;
import java.util.List;

/** KL( N(mu, sigma²) || N(0, 1) ) in closed form, summed over weights: 0.5 (sigma² + mu² - 1 - ln sigma²). */
public final class GaussianKl {
    private GaussianKl() {
    }

    /** Elementwise KL for means and log-variances of the same shape. */
    public static NDArray elementwise(NDArray mean, NDArray logVar) {
        return Ops.mul(logVar.exp().add(Ops.pow(mean, 2)).sub(1).sub(logVar), 0.5);
    }

    /**
     * Per-task KL summed over every weight and bias of every layer: {@code [T]}. Summed term by term,
     * 0.5 (sum sigma² + sum mu² - n - sum ln sigma²), so that each [T, In, Out] tensor is read by one
     * elementwise op and one reduction instead of the five ops of {@link #elementwise}, and a layer's
     * means in kernel form are never written out ({@link GaussianLayer#weightMeanSquares}).
     */
    public static NDArray perTask(List<GaussianLayer> layers) {
        int[] weights = {1, 2};
        int[] biases = {1};
        NDArray total = null;
        long n = 0;
        for (GaussianLayer l : layers) {
            NDArray w = l.weightLogVar().exp().sum(weights).add(l.weightMeanSquares())
                    .sub(l.weightLogVar().sum(weights));
            NDArray b = l.biasLogVar().exp().sum(biases).add(Ops.pow(l.biasMean(), 2).sum(biases))
                    .sub(l.biasLogVar().sum(biases));
            NDArray layer = w.add(b);
            total = total == null ? layer : total.add(layer);
            n += l.count();
        }
        return Ops.mul(total.sub(n), 0.5);
    }

    /** Generated weights and biases per task. */
    public static long count(List<GaussianLayer> layers) {
        long n = 0;
        for (GaussianLayer l : layers) {
            n += l.count();
        }
        return n;
    }
}
