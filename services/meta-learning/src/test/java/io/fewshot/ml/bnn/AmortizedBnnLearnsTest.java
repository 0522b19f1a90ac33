package io.fewshot.ml.bnn;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.ml.LearningCheck;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both variants, with 1 step of 1.0 and 5 steps of 0.5, meta-trained for seconds on the Vinyals
 * train classes of real Omniglot, classify held-out classes clearly better than the same model at
 * step 0. The feature extractor is pretrained before step 0 and frozen, so the gain is the
 * hypernetwork's and the inner loop's: the posterior they produce generalises to unseen classes.
 * (The paper reports that its model did not train without inner steps; these have them.)
 */
class AmortizedBnnLearnsTest {
    static final double MARGIN = 0.10;
    /**
     * 100 steps (6 s and 11 s here): at the initial log-variance -5 that the search chose, 30 steps
     * gained only 4.9 points with 1 inner step (at -8 it gained 20, but -8 degrades by 1000 steps).
     */
    private static final int STEPS = 100;

    /** One pretrained extractor for all cases: it is the same for every variant. */
    @TempDir
    static Path extractors;

    @BeforeAll
    static void setUp() {
        Threads.set(1);
    }

    private static FeatureExtractorStore store() {
        return new FeatureExtractorStore(extractors, done -> { });
    }

    static RunSpec spec(String variant, int steps, double lr, long seed) {
        Map<String, Object> h = new HashMap<>(Map.of(HyperKeys.VARIANT, variant, HyperKeys.FILTERS, 16,
                HyperKeys.VALIDATE_EVERY, 0, HyperKeys.CHECKPOINT_EVERY, 100_000, HyperKeys.META_BATCH, 4,
                HyperKeys.TRAIN_QUERY, 5, HyperKeys.SAMPLES, 3, BnnSettings.PRETRAIN_STEPS, 30,
                BnnSettings.PRETRAIN_BATCH, 32));
        return new RunSpec("omniglot", "vinyals", Method.AMORTIZED_BNN, LearningCheck.WAY, 1, LearningCheck.QUERY,
                steps, lr, Budget.steps(STEPS), seed, h);
    }

    @ParameterizedTest(name = "{0}, {1} inner steps of {2}")
    @CsvSource({"faithful,1,1.0", "faithful,5,0.5"})
    void gainsOnHeldOutOmniglotClassesOverTheSameModelAtStepZero(String variant, int steps, double lr,
            @TempDir Path dir) {
        LearningCheck.Gain g = LearningCheck.trainOnOmniglot(variant + ", " + steps + " inner steps",
                spec(variant, steps, lr, 3), dir, 4, store());
        LearningCheck.assertLearned(g, MARGIN);
    }

    /**
     * IMPROVED predicts uniformly at step 0 (its generated MLP starts with near-zero logits on the extractor's
     * features), so its control is tight and its gain smaller than FAITHFUL's: it has its own margin. Measured
     * 2026-11-30 over seeds 3, 5, 7, 11 and 13, 100 steps: gains of +12.0, +9.5, +9.1, +14.4 and +12.4 points
     * (the smallest 4.1 above this margin); untrained against another untrained seed: +0.5, -1.5, +0.7, -0.6 and
     * -0.8 (the largest 3.5 below it). It was disabled while its gain sat at the 10-point margin of FAITHFUL.
     */
    static final double IMPROVED_MARGIN = 0.05;

    @Test
    void improvedGainsOnHeldOutOmniglotClassesOverTheSameModelAtStepZero(@TempDir Path dir) {
        LearningCheck.assertLearned(LearningCheck.trainOnOmniglot("improved, 1 inner step",
                spec("improved", 1, 1.0, 3), dir, 4, store()), IMPROVED_MARGIN);
    }

    @Test
    void anotherUntrainedImprovedInitialisationDoesNotPassAsLearning() {
        LearningCheck.assertBelowMargin(LearningCheck.untrainedAgainstUntrained("improved, 1 inner step",
                spec("improved", 1, 1.0, 3), spec("improved", 1, 1.0, 4), 4, store()), IMPROVED_MARGIN);
    }

    @ParameterizedTest(name = "{0}, {1} inner steps of {2}")
    @CsvSource({"faithful,1,1.0", "faithful,5,0.5"})
    void anotherUntrainedInitialisationDoesNotPassAsLearning(String variant, int steps, double lr) {
        LearningCheck.assertBelowMargin(LearningCheck.untrainedAgainstUntrained(variant + ", " + steps + " inner steps",
                spec(variant, steps, lr, 3), spec(variant, steps, lr, 4), 4, store()), MARGIN);
    }
}
