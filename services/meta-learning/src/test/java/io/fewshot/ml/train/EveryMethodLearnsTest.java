package io.fewshot.ml.train;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.ml.LearningCheck;
import io.fewshot.ml.nn.Adam;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each baseline, trained for seconds on the Vinyals train classes of real Omniglot, classifies
 * held-out classes clearly better than the same model at step 0: the whole path (sampler, method,
 * loss, Adam, evaluation) learns, and the learning transfers to unseen classes.
 */
class EveryMethodLearnsTest {
    /** Held-out accuracy points gained over step 0; init noise between seeds stays below it (see below). */
    static final double MARGIN = 0.10;
    private static final int STEPS = 40;

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    static RunSpec spec(String methodId, boolean fce, long seed) {
        Method method = Method.fromId(methodId);
        boolean gradient = method == Method.MAML || method == Method.META_SGD;
        Map<String, Object> hyper = new HashMap<>(Map.of("filters", 32, "validateEvery", 0, "checkpointEvery", 100_000,
                "lr", 0.003, "trainQuery", 5));
        if (gradient) {
            hyper.put("metaBatch", 4);
            hyper.put("testInnerSteps", 3);
        } else {
            hyper.put("trainWay", 20);
        }
        if (fce) {
            hyper.put("fce", true);
        }
        return new RunSpec("omniglot", "vinyals", method, LearningCheck.WAY, 1, LearningCheck.QUERY,
                gradient ? 1 : 0, gradient ? 0.4 : 0, Budget.steps(STEPS), seed, hyper);
    }

    @ParameterizedTest(name = "{0} fce={1}")
    @CsvSource({"protonet,false", "matching-nets,false", "matching-nets,true", "maml,false", "meta-sgd,false"})
    void gainsOnHeldOutOmniglotClassesOverTheSameModelAtStepZero(String methodId, boolean fce, @TempDir Path dir) {
        LearningCheck.Gain g = LearningCheck.trainOnOmniglot(methodId + (fce ? " with FCE" : ""),
                spec(methodId, fce, 3), dir, 4);
        LearningCheck.assertLearned(g, MARGIN);
    }

    @ParameterizedTest(name = "{0} fce={1}")
    @CsvSource({"protonet,false", "matching-nets,false", "matching-nets,true", "maml,false", "meta-sgd,false"})
    void anotherUntrainedInitialisationDoesNotPassAsLearning(String methodId, boolean fce) {
        LearningCheck.assertBelowMargin(LearningCheck.untrainedAgainstUntrained(methodId + (fce ? " with FCE" : ""),
                spec(methodId, fce, 3), spec(methodId, fce, 4), 4), MARGIN);
    }
}
