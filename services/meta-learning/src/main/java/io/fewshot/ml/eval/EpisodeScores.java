package io.fewshot.ml.eval;

/**
 * An evaluation's per-episode figures, in episode order, kept so that two learners met on the same
 * episodes can be compared pairwise ({@link PairedDifference}).
 *
 * @param accuracy each episode's fraction of queries right
 * @param nll      each episode's mean negative log-likelihood of the true class over its queries
 */
public record EpisodeScores(double[] accuracy, double[] nll) {
    public EpisodeScores {
        if (accuracy.length != nll.length || accuracy.length == 0) {
            throw new IllegalArgumentException("one accuracy and one NLL per episode, at least one episode");
        }
    }

    public int episodes() {
        return accuracy.length;
    }

    /** The mean of per-episode figures. */
    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** 1.96 sample sd / sqrt(n); 0 for one value. */
    static double ci95(double[] x) {
        return x.length > 1 ? 1.96 * sd(x) / Math.sqrt(x.length) : 0;
    }

    /** Sample standard deviation; 0 for one value. */
    static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double v = 0;
        for (double a : x) {
            v += (a - m) * (a - m);
        }
        return Math.sqrt(v / (x.length - 1));
    }
}
