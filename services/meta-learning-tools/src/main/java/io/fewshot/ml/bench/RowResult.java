package io.fewshot.ml.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fewshot.ml.eval.PairedDifference;
import io.fewshot.ml.train.PredictionNoiseChoice;
import java.util.List;

/**
 * One reproduced row as written to {@code <row>.json}: what was trained, how long, its validation curve,
 * and the single test of its best checkpoint beside the paper's number.
 *
 * @param device            the device DJL trained on ({@code Engine.defaultDevice()})
 * @param spec              the run's spec (JSON)
 * @param wallBudgetSeconds the row's budget, pretraining included
 * @param pretrainSeconds   the feature extractor's pretraining (0 for rows without one)
 * @param wallSeconds       pretraining + meta-training (validation included) + the test
 * @param accuracy          test accuracy in [0, 1], {@code ci95} its 95% interval half-width
 * @param paperPercent      the paper's accuracy; {@code gapToPaperMinus1} = 100 accuracy - (paper - 1), points
 * @param evalFile          the run folder's eval.json (relative to the results folder), with full provenance
 * @param minusSigmaZero    the amortized BNN's test result minus the same network's with sigma = 0, paired over the
 *                          test episodes; null for the other methods (and in rows written before it existed)
 * @param predictionNoise   the amortized BNN's prediction noise chosen on val, under which the test was scored;
 *                          null where the spec fixed it, for the other methods, and in rows written before it existed
 */
public record RowResult(String row, String label, String profile, String protocol, String device, JsonNode spec,
        String runId, long wallBudgetSeconds, long steps, double pretrainSeconds, double trainSeconds,
        double wallSeconds, List<LearningCurve.Point> curve, long bestStep, double bestValAccuracy,
        int testEpisodes, double accuracy, double ci95, double nll, double ece, double paperPercent,
        double gapToPaperMinus1, String evalFile,
        @JsonInclude(JsonInclude.Include.NON_NULL) PairedDifference minusSigmaZero,
        @JsonInclude(JsonInclude.Include.NON_NULL) PredictionNoiseChoice predictionNoise) {

    public double accuracyPercent() {
        return 100 * accuracy;
    }

    /** Our accuracy over the paper's. */
    public double ratioToPaper() {
        return accuracyPercent() / paperPercent;
    }

    public boolean withinOnePoint() {
        return gapToPaperMinus1 >= 0;
    }

    public static double gapToPaperMinus1(double accuracy, double paperPercent) {
        return 100 * accuracy - (paperPercent - 1);
    }
}
