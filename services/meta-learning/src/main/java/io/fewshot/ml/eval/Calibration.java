package io.fewshot.ml.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of predicted class probabilities: expected and maximum calibration error over
 * equal-width confidence bins, negative log-likelihood, Brier score, and the reliability table
 * (Guo et al. 2017). Confidence is the top-1 probability.
 */
public final class Calibration {
    public static final int DEFAULT_BINS = 15;

    private final int bins;
    private final long[] count;
    private final double[] confidenceSum;
    private final long[] correct;
    private double nllSum;
    private double brierSum;
    private long n;

    public Calibration(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1");
        }
        this.bins = bins;
        this.count = new long[bins];
        this.confidenceSum = new double[bins];
        this.correct = new long[bins];
    }

    /**
     * Adds one prediction: a probability row over the classes and the true label.
     *
     * @return the prediction's negative log-likelihood of the true class (probabilities floored at 1e-12)
     */
    public double add(float[] probs, int offset, int classes, int label) {
        int top = 0;
        double brier = 0;
        for (int k = 0; k < classes; k++) {
            double p = probs[offset + k];
            if (p > probs[offset + top]) {
                top = k;
            }
            double target = k == label ? 1 : 0;
            brier += (p - target) * (p - target);
        }
        double conf = probs[offset + top];
        int b = Math.min(bins - 1, (int) Math.floor(conf * bins));
        count[b]++;
        confidenceSum[b] += conf;
        if (top == label) {
            correct[b]++;
        }
        double nll = -Math.log(Math.max(1e-12, probs[offset + label]));
        nllSum += nll;
        brierSum += brier;
        n++;
        return nll;
    }

    public Summary summary() {
        double ece = 0;
        double mce = 0;
        List<Bin> table = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            double lo = b / (double) bins;
            double hi = (b + 1) / (double) bins;
            if (count[b] == 0) {
                table.add(new Bin(lo, hi, 0, Double.NaN, Double.NaN));
                continue;
            }
            double conf = confidenceSum[b] / count[b];
            double acc = correct[b] / (double) count[b];
            double gap = Math.abs(acc - conf);
            ece += gap * count[b] / n;
            mce = Math.max(mce, gap);
            table.add(new Bin(lo, hi, count[b], conf, acc));
        }
        return new Summary(bins, n, ece, mce, nllSum / n, brierSum / n, table);
    }

    /**
     * @param bins  number of equal-width confidence bins used for ECE and MCE
     * @param brier multi-class Brier score: mean over predictions of sum_k (p_k - y_k)^2
     */
    public record Summary(int bins, long predictions, double ece, double mce, double nll, double brier,
            List<Bin> reliability) {
    }

    /** One reliability-diagram bar: confidence range, predictions in it, mean confidence and accuracy. */
    public record Bin(double lower, double upper, long count, double confidence, double accuracy) {
    }
}
