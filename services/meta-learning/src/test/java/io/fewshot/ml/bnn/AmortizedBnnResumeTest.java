package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.Checkpoint;
import io.fewshot.ml.train.MetaLearners;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.RunEvaluation;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BNN goes through the engine's ordinary machinery: an interrupted run resumes to the same
 * bits as an uninterrupted one (its Flipout, hyperprior and class-order noise come from the
 * per-step native seed), and RunEvaluation evaluates the checkpoint, frozen extractor included:
 * the same result from both runs' checkpoints, and not the untrained model's.
 */
class AmortizedBnnResumeTest {
    private static final int N = 2;
    private static final FewShotDataset DATA = Fixtures.synthetic(24, 10, 16, 9);

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"faithful", "improved"})
    void resumedRunEqualsUninterruptedRunBitForBitAndEvaluates(String variant, @TempDir Path tmp) throws Exception {
        FeatureExtractorStore extractors = new FeatureExtractorStore(tmp.resolve("extractors"), done -> { });
        RunSpec spec = BnnFixtures.spec(3, 2, 3, 2, 0.5, Map.of(HyperKeys.VARIANT, variant,
                HyperKeys.META_BATCH, 2, HyperKeys.VALIDATE_EVERY, 2, HyperKeys.VALIDATION_EPISODES, 3,
                HyperKeys.CHECKPOINT_EVERY, 100, HyperKeys.TEST_EPISODES, 4, BnnSettings.PRETRAIN_STEPS, 2))
                .withBudget(Budget.steps(2 * N));
        Path straight;
        try (MetaTrainer t = new MetaTrainer(spec, DATA, tmp.resolve("straight"), extractors)) {
            straight = t.train(TrainingListener.NONE).finalCheckpoint();
        }
        Path dir = tmp.resolve("resumed");
        try (MetaTrainer first = new MetaTrainer(spec, DATA, dir, extractors)) {
            first.train(TrainingListener.NONE, () -> first.step() >= N);
        }
        Path resumed;
        try (MetaTrainer second = new MetaTrainer(spec, DATA, dir, extractors)) {
            assertEquals(N, second.step());
            resumed = second.train(TrainingListener.NONE).finalCheckpoint();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint a = Checkpoint.load(straight, m);
            Checkpoint b = Checkpoint.load(resumed, m);
            assertBitEqual(a.weights(), b.weights());
            assertBitEqual(a.adam().secondMoment(), b.adam().secondMoment());
            assertTrue(a.state().names().stream().anyMatch(k -> k.startsWith(Conv4Extractor.WEIGHTS)),
                    "the checkpoint carries the frozen extractor");
        }
        EvaluationResult r = RunEvaluation.evaluate(spec, DATA, dir, extractors, done -> { });
        assertEquals(4, r.episodes());
        assertTrue(Files.isRegularFile(dir.resolve("eval.json")));
        assertNotNull(r.deterministic(), "a BNN evaluation reports the same network with sigma = 0 beside it");
        assertEquals(r.episodes(), r.deterministic().episodes());
        assertTrue(Files.readString(dir.resolve("eval.json")).contains("\"deterministic\""), "eval.json has it");
        // The paired difference is taken over the same episodes, so its means are the two results' difference
        // (every episode has as many queries).
        assertEquals(r.accuracy() - r.deterministic().accuracy(), r.minusDeterministic().accuracy(), 1e-9);
        assertEquals(r.calibration().nll() - r.deterministic().calibration().nll(), r.minusDeterministic().nll(),
                1e-6);
        assertTrue(Files.readString(dir.resolve("eval.json")).contains("\"minusDeterministic\""), "eval.json has it");
        // Bit-equal checkpoints must evaluate identically, and differently from the untrained model:
        // the evaluation reads the trained weights and the checkpointed extractor, not a fresh build.
        EvaluationResult uninterrupted = RunEvaluation.evaluate(spec, DATA, tmp.resolve("straight"), extractors, done -> { });
        assertEquals(uninterrupted.accuracy(), r.accuracy());
        assertEquals(uninterrupted.calibration().nll(), r.calibration().nll());
        try (NDManager m = NDManager.newBaseManager()) {
            MetaLearner untrained = MetaLearners.create(spec, DATA, m, extractors);
            TrainingSettings s = TrainingSettings.from(spec);
            EvaluationResult fresh = Evaluator.evaluate(untrained, DATA, "test", spec.way(), spec.shot(),
                    s.testQuery(), s.testEpisodes(), Evaluator.TEST_SEED, s.evalTasksPerBatch(), done -> { });
            assertNotEquals(fresh.calibration().nll(), r.calibration().nll(),
                    "the evaluated checkpoint predicts exactly like an untrained model");
        }
    }

    private static void assertBitEqual(Params a, Params b) {
        assertEquals(a.names(), b.names());
        for (String k : a.names()) {
            assertArrayEquals(a.get(k).toByteArray(), b.get(k).toByteArray(), k + " differs");
        }
    }
}
