package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.data.FewShotDataset;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both variants, with 1 step of 1.0 and 5 steps of 0.5, trained for 40 steps on small synthetic
 * classes, classify UNSEEN test classes far above chance (as the baselines do in
 * EveryMethodLearnsTest): the posterior the hypernetwork and inner steps produce generalises.
 */
class AmortizedBnnLearnsTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(60, 12, 16, 21);

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    @AfterEach
    void clearStore() {
        System.clearProperty(FeatureExtractorStore.PROPERTY);
    }

    @ParameterizedTest(name = "{0}, {1} inner steps of {2}")
    @CsvSource({"faithful,1,1.0", "faithful,5,0.5", "improved,1,1.0"})
    void beatsChanceOnUnseenClasses(String variant, int steps, double lr, @TempDir Path dir) {
        System.setProperty(FeatureExtractorStore.PROPERTY, dir.resolve("extractors").toString());
        Map<String, Object> h = new HashMap<>(Map.of(HyperKeys.VARIANT, variant, HyperKeys.FILTERS, 16,
                HyperKeys.VALIDATE_EVERY, 0, HyperKeys.CHECKPOINT_EVERY, 1000, HyperKeys.META_BATCH, 4,
                HyperKeys.SAMPLES, 5, BnnSettings.PRETRAIN_STEPS, 60));
        RunSpec spec = new RunSpec("synthetic", "random", Method.AMORTIZED_BNN, 5, 1, 5, steps, lr,
                Budget.steps(40), 3, h);
        try (MetaTrainer trainer = new MetaTrainer(spec, DATA, dir.resolve("run"))) {
            trainer.train(TrainingListener.NONE);
            EvaluationResult r = Evaluator.evaluate(trainer.learner(), DATA, "test", 5, 1, 5, 30, Evaluator.TEST_SEED,
                    4, done -> { });
            assertTrue(r.accuracy() > 0.5, variant + " " + steps + " steps: " + r.headline());
            System.out.println(variant + " " + steps + " steps: " + r.headline());
        }
    }
}
