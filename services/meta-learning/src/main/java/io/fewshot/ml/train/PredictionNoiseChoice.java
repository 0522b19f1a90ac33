package io.fewshot.ml.train;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.bnn.BnnSettings.PredictionNoise;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.eval.EvaluationResult;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The amortized BNN's prediction noise ({@link BnnSettings#PREDICTION_NOISE}) chosen for a trained run on val:
 * each view scores the same val episodes and the lowest NLL wins (a proper score, so the choice rewards calibration
 * as well as accuracy; ties keep the earlier view, {@code all} first). The noise is a test-time setting, so the test
 * pool is still scored once, under the choice.
 *
 * @param chosen      the view to test with, as the spec writes it ("all", "task" or "weights")
 * @param valEpisodes val episodes each view scored
 * @param views       each view's val score, in {@link PredictionNoise} order
 */
public record PredictionNoiseChoice(String chosen, int valEpisodes, Map<String, ValScore> views) {

    /** One view on val; NLL per query, ECE over 15 bins. */
    public record ValScore(double accuracy, double nll, double ece) {
    }

    /** The view with the lowest val NLL among {@code views}. */
    public static PredictionNoiseChoice lowestNll(int valEpisodes, Map<String, ValScore> views) {
        String chosen = views.entrySet().stream().min(Comparator.comparingDouble(e -> e.getValue().nll()))
                .orElseThrow(() -> new IllegalArgumentException("no view scored")).getKey();
        return new PredictionNoiseChoice(chosen, valEpisodes, views);
    }

    /**
     * Scores the run's evaluation checkpoint on {@code episodes} val episodes under every view and chooses one.
     *
     * @param log told one line per view scored
     */
    public static PredictionNoiseChoice onVal(RunSpec spec, FewShotDataset data, Path runDir, int episodes,
            FeatureExtractorStore extractors, Consumer<String> log) {
        if (spec.method() != Method.AMORTIZED_BNN) {
            throw new IllegalArgumentException("only the amortized BNN has a prediction noise to choose, not "
                    + spec.method().id());
        }
        Map<String, ValScore> views = new LinkedHashMap<>();
        for (PredictionNoise noise : PredictionNoise.values()) {
            String view = noise.name().toLowerCase(Locale.ROOT);
            RunSpec s = spec.withHyper(BnnSettings.PREDICTION_NOISE, view).withHyper(HyperKeys.TEST_EPISODES, episodes);
            EvaluationResult r = RunEvaluation.evaluate(s, data, runDir, "val", extractors, done -> { });
            views.put(view, new ValScore(r.accuracy(), r.calibration().nll(), r.calibration().ece()));
            log.accept(String.format(Locale.ROOT, "prediction noise %s on %d val episodes: %s", view, episodes,
                    r.headline()));
        }
        return lowestNll(episodes, views);
    }
}
