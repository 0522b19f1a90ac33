package io.fewshot.ml.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.data.FewShotDataset;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each baseline, trained for a few seconds on small synthetic classes, classifies unseen test
 * classes far above chance: the whole path (sampler, method, loss, Adam, evaluation) works.
 */
class EveryMethodLearnsTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(60, 12, 16, 21);

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    @ParameterizedTest(name = "{0} fce={1}")
    @CsvSource({"protonet,false", "matching-nets,false", "matching-nets,true", "maml,false", "meta-sgd,false"})
    void beatsChanceOnUnseenClassesAfterAFewSeconds(String methodId, boolean fce, @TempDir Path dir) {
        Method method = Method.fromId(methodId);
        boolean gradient = method == Method.MAML || method == Method.META_SGD;
        Map<String, Object> hyper = new HashMap<>(Map.of("filters", 8, "validateEvery", 0, "checkpointEvery", 1000,
                "metaBatch", gradient ? 4 : 1, "testInnerSteps", 3));
        if (fce) {
            hyper.put("fce", true);
            
        }
        RunSpec spec = new RunSpec("synthetic", "random", method, 5, 1, 5, gradient ? 1 : 0, gradient ? 0.4 : 0,
                Budget.steps(40), 3, hyper);
        try (MetaTrainer trainer = new MetaTrainer(spec, DATA, dir)) {
            trainer.train(TrainingListener.NONE);
            EvaluationResult r = Evaluator.evaluate(trainer.learner(), DATA, "test", 5, 1, 5, 30, Evaluator.TEST_SEED,
                    4, done -> { });
            assertTrue(r.accuracy() > 0.5, methodId + (fce ? " with FCE" : "") + ": " + r.headline());
        }
    }
}
