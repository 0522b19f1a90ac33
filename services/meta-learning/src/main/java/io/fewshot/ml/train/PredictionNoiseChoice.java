package io.fewshot.ml.train;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.bnn.BnnSettings.PredictionNoise;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.eval.EpisodeScores;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.eval.PairedDifference;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The amortized BNN's prediction noise ({@link BnnSettings#PREDICTION_NOISE}) chosen for a trained run on val. The
 * default is {@code all}, the average over complete draws (noise, generate, adapt, predict); another view replaces
 * it only where val tells them apart: its val NLL lower than {@code all}'s by more than the 95% interval of their
 * difference, paired over the same val episodes (the lowest such NLL wins). NLL is a proper score, so the choice
 * rewards calibration as well as accuracy. Why not simply the lowest NLL: on 300 val episodes the views often
 * differ by less than their noise (FAITHFUL 1-step, 2026-12-01: {@code weights} led {@code all} by 0.0019), and a
 * lead inside the noise is a coin toss, not a choice. The noise is a test-time setting, so the test pool is still
 * scored once, under the choice.
 *
 * @param chosen      the view to test with, as the spec writes it ("all", "task" or "weights")
 * @param valEpisodes val episodes each view scored
 * @param views       each view's val score, in {@link PredictionNoise} order
 */
public record PredictionNoiseChoice(String chosen, int valEpisodes, Map<String, ValScore> views) {
    /** The view that stands unless val tells another apart from it. */
    public static final String DEFAULT_VIEW = PredictionNoise.DEFAULT.id();

    /**
     * One view on val; NLL per query, ECE over 15 bins.
     *
     * @param minusDefault this view minus {@link #DEFAULT_VIEW}, paired over the val episodes (null for that view
     *                     itself, and in results written before the rule compared views pairwise)
     */
    public record ValScore(double accuracy, double nll, double ece, PairedDifference minusDefault) {
        /** Whether val tells this view's NLL apart from the default's, and lower. */
        boolean distinctlyLowerNll() {
            return minusDefault != null && minusDefault.nll() + minusDefault.nllCi95() < 0;
        }
    }

    /** {@link #DEFAULT_VIEW} unless a view's NLL is distinctly lower on val; then the lowest such. */
    public static PredictionNoiseChoice choose(int valEpisodes, Map<String, ValScore> views) {
        if (!views.containsKey(DEFAULT_VIEW)) {
            throw new IllegalArgumentException("no score for the default view '" + DEFAULT_VIEW + "': "
                    + views.keySet());
        }
        String chosen = views.entrySet().stream().filter(e -> e.getValue().distinctlyLowerNll())
                .min(Comparator.comparingDouble(e -> e.getValue().nll())).map(Map.Entry::getKey).orElse(DEFAULT_VIEW);
        return new PredictionNoiseChoice(chosen, valEpisodes, views);
    }

    /** Where a view's val result is written in the run folder, beside the others. */
    public static String valFile(String view) {
        return "eval-val-" + view + ".json";
    }

    /**
     * Scores the run's evaluation checkpoint on {@code episodes} val episodes under every view (each written to
     * {@link #valFile}) and chooses one.
     *
     * @param log told one line per view scored
     */
    public static PredictionNoiseChoice onVal(RunSpec spec, FewShotDataset data, Path runDir, int episodes,
            FeatureExtractorStore extractors, Consumer<String> log) {
        if (spec.method() != Method.AMORTIZED_BNN) {
            throw new IllegalArgumentException("only the amortized BNN has a prediction noise to choose, not "
                    + spec.method().id());
        }
        Map<String, Evaluator.Scored> scored = new LinkedHashMap<>();
        // Sigma = 0 turns every noise off, so one score of it on these episodes serves every view.
        Evaluator.Scored sigmaZero = RunEvaluation.sigmaZero(spec.withHyper(HyperKeys.TEST_EPISODES, episodes), data,
                runDir, "val", extractors);
        for (PredictionNoise noise : PredictionNoise.values()) {
            String view = noise.id();
            RunSpec s = spec.withHyper(BnnSettings.PREDICTION_NOISE, view).withHyper(HyperKeys.TEST_EPISODES, episodes);
            Evaluator.Scored r = RunEvaluation.scored(s, data, runDir, "val", valFile(view), extractors, done -> { },
                    sigmaZero);
            scored.put(view, r);
            log.accept(String.format(Locale.ROOT, "prediction noise %s on %d val episodes: %s", view, episodes,
                    r.result().headline()));
        }
        EpisodeScores byDefault = scored.get(DEFAULT_VIEW).scores();
        Map<String, ValScore> views = new LinkedHashMap<>();
        scored.forEach((view, r) -> {
            EvaluationResult e = r.result();
            PairedDifference minusDefault = view.equals(DEFAULT_VIEW) ? null
                    : PairedDifference.of(r.scores(), byDefault);
            views.put(view, new ValScore(e.accuracy(), e.calibration().nll(), e.calibration().ece(), minusDefault));
            if (minusDefault != null) {
                log.accept(String.format(Locale.ROOT, "prediction noise %s minus %s on val: %s", view, DEFAULT_VIEW,
                        minusDefault.describe()));
            }
        });
        PredictionNoiseChoice choice = choose(episodes, views);
        log.accept("prediction noise chosen on val: " + choice.chosen());
        return choice;
    }
}
