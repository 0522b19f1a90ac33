package io.fewshot.ml.eval;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Test accuracy over episodes with its 95% confidence interval (1.96 sd / sqrt(n), over
 * per-episode accuracies), plus calibration of the pooled query predictions.
 *
 * @param deterministic for a Bayesian learner (the amortized BNN), the same trained network with its
 *                      weight noise forced to zero (sigma = 0), on the same episodes; null otherwise.
 *                      It shows what the Bayesian part adds to accuracy, NLL and ECE.
 * @param minusDeterministic this result minus {@code deterministic}, paired episode by episode (null
 *                      without one): whether what the Bayesian part adds is distinguishable from zero.
 */
public record EvaluationResult(String pool, int way, int shot, int queryPerClass, int episodes, long seed,
        double accuracy, double std, double ci95, Calibration.Summary calibration, double seconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) EvaluationResult deterministic,
        @JsonInclude(JsonInclude.Include.NON_NULL) PairedDifference minusDeterministic) {

    /** A result with no deterministic counterpart. */
    public EvaluationResult(String pool, int way, int shot, int queryPerClass, int episodes, long seed,
            double accuracy, double std, double ci95, Calibration.Summary calibration, double seconds) {
        this(pool, way, shot, queryPerClass, episodes, seed, accuracy, std, ci95, calibration, seconds, null, null);
    }

    /**
     * This result with {@code sigmaZero}, the same network's on the same episodes, as its deterministic part,
     * and {@code difference}, this minus that per episode.
     */
    public EvaluationResult withDeterministic(EvaluationResult sigmaZero, PairedDifference difference) {
        if (sigmaZero.episodes != episodes || sigmaZero.seed != seed || !sigmaZero.pool.equals(pool)
                || difference.episodes() != episodes) {
            throw new IllegalArgumentException("the deterministic result must come from the same episodes");
        }
        return new EvaluationResult(pool, way, shot, queryPerClass, episodes, seed, accuracy, std, ci95, calibration,
                seconds, sigmaZero, difference);
    }

    public String headline() {
        String h = String.format(
                "%.2f%% ± %.2f (%d episodes, %d-way %d-shot), ECE %.3f (%d bins), NLL %.3f, Brier %.3f",
                100 * accuracy, 100 * ci95, episodes, way, shot, calibration.ece(), calibration.bins(),
                calibration.nll(), calibration.brier());
        if (deterministic == null) {
            return h;
        }
        return h + String.format("; sigma = 0: %.2f%% ± %.2f, ECE %.3f, NLL %.3f; as trained minus sigma = 0: %s",
                100 * deterministic.accuracy, 100 * deterministic.ci95, deterministic.calibration.ece(),
                deterministic.calibration.nll(), minusDeterministic.describe());
    }
}
