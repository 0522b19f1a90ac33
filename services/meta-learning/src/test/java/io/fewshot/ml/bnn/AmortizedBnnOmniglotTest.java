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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper reports that its model did not train without inner steps (training accuracy stayed at
 * 1/N). Ours, trained by the ordinary MetaTrainer through MetaLearners on real Omniglot 5-way
 * 1-shot for 40 outer steps of 8 tasks (46 s of training measured on the shared 2-core machine), must be at least
 * twice 1/N on training tasks (measured: 0.49-0.54 after 40 steps, 0.56 after 100).
 */
class AmortizedBnnOmniglotTest {

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @AfterEach
    void clearStore() {
        System.clearProperty(FeatureExtractorStore.PROPERTY);
    }

    @Test
    void trainingAccuracyRisesWellAboveChance(@TempDir Path dir) {
        FewShotDataset omniglot = Fixtures.omniglot();
        System.setProperty(FeatureExtractorStore.PROPERTY, dir.resolve("extractors").toString());
        Map<String, Object> h = new TreeMap<>();
        h.put(HyperKeys.VARIANT, "faithful");
        h.put(HyperKeys.META_BATCH, 8);
        h.put(HyperKeys.TRAIN_QUERY, 5);
        h.put(HyperKeys.VALIDATE_EVERY, 100000);
        h.put(HyperKeys.CHECKPOINT_EVERY, 100000);
        h.put(HyperKeys.FILTERS, 16);
        h.put(BnnSettings.PRETRAIN_STEPS, 20);
        h.put(BnnSettings.PRETRAIN_BATCH, 32);
        RunSpec spec = new RunSpec("omniglot", "vinyals", Method.AMORTIZED_BNN, 5, 1, 5, 1, 1.0,
                new Budget(Integer.getInteger("bnn.steps", 40), 0), 1, h);
        long start = System.nanoTime();
        try (MetaTrainer trainer = new MetaTrainer(spec, omniglot, dir.resolve("run"))) {
            System.out.printf("setup %.1f s%n", (System.nanoTime() - start) / 1e9);
            trainer.train(new TrainingListener() { });
            System.out.printf("trained %d steps in %.1f s%n", trainer.step(), (System.nanoTime() - start) / 1e9);
            EvaluationResult r = Evaluator.evaluate(trainer.learner(), omniglot, "train", 5, 1, 5, 40,
                    Evaluator.TEST_SEED, 8, done -> { });
            System.out.println(r);
            assertTrue(r.accuracy() > 0.4, "training-task accuracy " + r.accuracy() + " must be at least twice 1/5");
        }
    }
}
