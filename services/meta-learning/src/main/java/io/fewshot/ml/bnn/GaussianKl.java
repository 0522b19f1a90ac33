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

    /** Per-task KL summed over every weight and bias of every layer: {@code [T]}. */
    public static NDArray perTask(List<GaussianLayer> layers) {
        NDArray total = null;
        for (GaussianLayer l : layers) {
            NDArray w = elementwise(l.weightMean(), l.weightLogVar()).sum(new int[] {1, 2});
            NDArray b = elementwise(l.biasMean(), l.biasLogVar()).sum(new int[] {1});
            NDArray layer = w.add(b);
            total = total == null ? layer : total.add(layer);
        }
        return total;
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
