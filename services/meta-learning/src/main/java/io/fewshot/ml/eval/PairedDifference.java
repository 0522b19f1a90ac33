package io.fewshot.ml.eval;

/**
 * One learner minus another on the same episodes, episode by episode: the mean difference of the
 * per-episode accuracies and of the per-episode mean NLLs, each with the 95% interval of that mean
 * (1.96 sd / sqrt(n) over the episodes' differences).
 *
 * <p>Why paired: two views of one network (the amortized BNN as trained and with sigma = 0) meet the
 * same hard and easy episodes, so most of the spread between episodes cancels in the difference. The
 * two results' own intervals (about ± 0.35 points each) overlap for any difference that matters here;
 * this interval says whether the difference itself is distinguishable from zero.
 *
 * @param accuracy mean per-episode accuracy difference, in [-1, 1]
 * @param nll      mean per-episode NLL difference (negative: the first learner's predictions are likelier)
 */
public record PairedDifference(int episodes, double accuracy, double accuracyCi95, double nll, double nllCi95) {

    /** {@code a} minus {@code b}: per-episode scores of two learners on the same episodes, in the same order. */
    public static PairedDifference of(EpisodeScores a, EpisodeScores b) {
        if (a.episodes() != b.episodes()) {
            throw new IllegalArgumentException("paired scores need the same episodes: " + a.episodes() + " against "
                    + b.episodes());
        }
        double[] acc = minus(a.accuracy(), b.accuracy());
        double[] nll = minus(a.nll(), b.nll());
        return new PairedDifference(acc.length, EpisodeScores.mean(acc), EpisodeScores.ci95(acc),
                EpisodeScores.mean(nll), EpisodeScores.ci95(nll));
    }

    /** Accuracy in points and NLL, each ± its interval. */
    public String describe() {
        return String.format("%+.2f ± %.2f points, NLL %+.4f ± %.4f (paired over %d episodes)", 100 * accuracy,
                100 * accuracyCi95, nll, nllCi95, episodes);
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
