package io.fewshot.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.train.MetaLearners;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Path;

/**
 * The one criterion of every learning test: after a few seconds of training on the Vinyals train
 * classes of real Omniglot, the model classifies HELD-OUT (test-pool) classes better than the same
 * model at step 0, same seed, on the same episodes, by at least a stated margin.
 *
 * <p>Comparing with step 0 rather than with chance matters: an untrained Conv-4 already separates
 * Omniglot characters well above 1/N, so "above chance" proves nothing. Run any learning test with
 * {@code -Dlearning.untrained=true} to train 0 steps instead: each must then fail.
 */
public final class LearningCheck {
    /** Held-out episodes: 5-way 1-shot with 5 queries per class, the same for before and after. */
    public static final int WAY = 5;
    public static final int QUERY = 5;
    public static final int EPISODES = 40;
    private static final String HELD_OUT = "test";
    /** A system property: when true, no learning test trains, so that each can be seen to fail. */
    public static final String UNTRAINED = "learning.untrained";

    private LearningCheck() {
    }

    /** Held-out accuracy before and after training, and how many steps were trained. */
    public record Gain(String what, EvaluationResult before, EvaluationResult after, long steps) {
        public double gain() {
            return after.accuracy() - before.accuracy();
        }

        /** Whether the gain reaches {@code margin} (an absolute accuracy difference). */
        public boolean reaches(double margin) {
            return gain() >= margin;
        }

        @Override
        public String toString() {
            return String.format("%s: held-out %.1f%% at step 0 -> %.1f%% after %d steps (gain %+.1f points)", what,
                    100 * before.accuracy(), 100 * after.accuracy(), steps, 100 * gain());
        }
    }

    /**
     * Builds the run {@code spec} names on Omniglot, evaluates it untrained on the held-out classes,
     * trains it for the spec's steps (not at all under {@code -Dlearning.untrained=true}), and evaluates again
     * on the same episodes.
     */
    public static Gain trainOnOmniglot(String what, RunSpec spec, Path runDir, int tasksPerBatch) {
        return trainOnOmniglot(what, spec, runDir, tasksPerBatch, FeatureExtractorStore.fromEnvironment());
    }

    /** The same, for the amortized BNN with its feature extractors in {@code extractors}. */
    public static Gain trainOnOmniglot(String what, RunSpec spec, Path runDir, int tasksPerBatch,
            FeatureExtractorStore extractors) {
        FewShotDataset omniglot = Fixtures.omniglot();
        try (MetaTrainer trainer = new MetaTrainer(spec, omniglot, runDir, extractors)) {
            EvaluationResult before = heldOut(trainer.learner(), tasksPerBatch);
            long start = System.nanoTime();
            if (!Boolean.getBoolean(UNTRAINED)) {
                trainer.train(TrainingListener.NONE);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Gain g = new Gain(what, before, heldOut(trainer.learner(), tasksPerBatch), trainer.step());
            System.out.printf("%s (%.1f s of training)%n", g, seconds);
            return g;
        }
    }

    /**
     * The criterion's control: {@code seeded} untrained, as if it were {@code reference} (another
     * seed, also untrained) after training. Initialisation alone must not reach the margin.
     */
    public static Gain untrainedAgainstUntrained(String what, RunSpec reference, RunSpec seeded, int tasksPerBatch) {
        return untrainedAgainstUntrained(what, reference, seeded, tasksPerBatch, FeatureExtractorStore.fromEnvironment());
    }

    /** The same, for the amortized BNN with its feature extractors in {@code extractors}. */
    public static Gain untrainedAgainstUntrained(String what, RunSpec reference, RunSpec seeded, int tasksPerBatch,
            FeatureExtractorStore extractors) {
        try (NDManager m = NDManager.newBaseManager()) {
            EvaluationResult before = heldOut(MetaLearners.create(reference, Fixtures.omniglot(), m, extractors),
                    tasksPerBatch);
            EvaluationResult after = heldOut(MetaLearners.create(seeded, Fixtures.omniglot(), m, extractors),
                    tasksPerBatch);
            Gain g = new Gain(what + ", untrained seed " + seeded.seed() + " against seed " + reference.seed(), before,
                    after, 0);
            System.out.println(g);
            return g;
        }
    }

    /** Accuracy of {@code learner} on the fixed held-out episodes. */
    public static EvaluationResult heldOut(MetaLearner learner, int tasksPerBatch) {
        return Evaluator.evaluate(learner, Fixtures.omniglot(), HELD_OUT, WAY, 1, QUERY, EPISODES,
                Evaluator.TEST_SEED, tasksPerBatch, done -> { });
    }

    /** Fails unless the gain reaches {@code margin}. */
    public static void assertLearned(Gain g, double margin) {
        assertTrue(g.reaches(margin), g + "; needed a gain of at least " + Math.round(100 * margin) + " points");
    }

    /** Fails if the difference, either way, reaches {@code margin}: the criterion would pass it. */
    public static void assertBelowMargin(Gain g, double margin) {
        assertTrue(Math.abs(g.gain()) < margin, g + " reaches the " + Math.round(100 * margin)
                + "-point margin without training: the learning criterion could not fail");
    }
}
