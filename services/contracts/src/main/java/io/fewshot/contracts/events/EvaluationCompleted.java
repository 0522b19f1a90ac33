package io.fewshot.contracts.events;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;

/**
 * A run was evaluated on test episodes of the meta-test classes. Accuracies and calibration errors
 * are fractions in [0, 1]; the full result (reliability diagram included) is in {@code evalKey}.
 *
 * @param episodes        test episodes run
 * @param accuracy        mean episode accuracy
 * @param ci95            half-width of the 95% confidence interval of {@code accuracy}
 * @param ece             expected calibration error over {@code calibrationBins} equal-width bins
 * @param mce             maximum calibration error over the same bins
 * @param nll             mean negative log-likelihood of the query labels (nats)
 * @param brier           mean multi-class Brier score, in [0, 2]
 * @param calibrationBins number of equal-width confidence bins (15)
 * @param evalKey         {@code runs/<runId>/eval.json}
 */
public record EvaluationCompleted(
        String runId,
        String sweepId,
        RunSpec spec,
        int episodes,
        double accuracy,
        double ci95,
        double ece,
        double mce,
        double nll,
        double brier,
        int calibrationBins,
        String evalKey) implements EventData {

    private static final String SELF = "EvaluationCompleted";

    public EvaluationCompleted {
        Checks.id(SELF, "sweepId", sweepId);
        Checks.runIdMatchesSpec(SELF, runId, spec);
        Checks.positive(SELF, "episodes", episodes);
        Checks.fraction(SELF, "accuracy", accuracy);
        Checks.fraction(SELF, "ci95", ci95);
        Checks.fraction(SELF, "ece", ece);
        Checks.fraction(SELF, "mce", mce);
        Checks.nonNegative(SELF, "nll", nll);
        ContractViolation.require(brier >= 0 && brier <= 2, SELF, "brier", "must be in [0, 2], was " + brier);
        Checks.positive(SELF, "calibrationBins", calibrationBins);
        ContractViolation.require(ObjectKeys.evaluation(runId).equals(evalKey), SELF, "evalKey",
                "must be " + ObjectKeys.evaluation(runId) + ", was " + evalKey);
    }

    /** The same result, announced to another sweep that asked for this (content-addressed) run. */
    public EvaluationCompleted forSweep(String otherSweepId) {
        return new EvaluationCompleted(runId, otherSweepId, spec, episodes, accuracy, ci95, ece, mce, nll, brier,
                calibrationBins, evalKey);
    }

    @Override
    public String key() {
        return runId;
    }
}
