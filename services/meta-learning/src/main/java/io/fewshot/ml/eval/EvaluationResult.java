package io.fewshot.ml.eval;

/**
 * Test accuracy over episodes with its 95% confidence interval (1.96 sd / sqrt(n), over
 * per-episode accuracies), plus calibration of the pooled query predictions.
 */
public record EvaluationResult(String pool, int way, int shot, int queryPerClass, int episodes, long seed,
        double accuracy, double std, double ci95, Calibration.Summary calibration, double seconds) {

    public String headline() {
        return String.format("%.2f%% ± %.2f (%d episodes, %d-way %d-shot), ECE %.3f (%d bins), NLL %.3f, Brier %.3f",
                100 * accuracy, 100 * ci95, episodes, way, shot, calibration.ece(), calibration.bins(),
                calibration.nll(), calibration.brier());
    }
}
