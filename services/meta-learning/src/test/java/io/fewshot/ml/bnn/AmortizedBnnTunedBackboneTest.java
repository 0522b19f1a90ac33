package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.Checkpoint;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.RunEvaluation;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tuneBackbone=true}: the pretrained Conv-4 becomes a trained copy among the learner's parameters. Training
 * moves that copy (the gradient reaches it) and leaves the stored, frozen backbone alone; the checkpoint carries
 * the tuned weights and its evaluation uses them, not the pretrained ones.
 */
class AmortizedBnnTunedBackboneTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(24, 10, 16, 9);

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    private static RunSpec spec(boolean tune) {
        return BnnFixtures.spec(3, 2, 3, 2, 0.5, Map.of(HyperKeys.VARIANT, "improved", HyperKeys.META_BATCH, 2,
                HyperKeys.VALIDATE_EVERY, 0, HyperKeys.CHECKPOINT_EVERY, 100, HyperKeys.TEST_EPISODES, 4,
                BnnSettings.PRETRAIN_STEPS, 2, BnnSettings.TUNE_BACKBONE, tune)).withBudget(Budget.steps(3));
    }

    @Test
    void trainingMovesTheTunedCopyOfTheBackboneAndItsCheckpointEvaluatesWithIt(@TempDir Path tmp) throws Exception {
        FeatureExtractorStore extractors = new FeatureExtractorStore(tmp.resolve("extractors"), done -> { });
        Path tunedDir = tmp.resolve("tuned");
        Path ckpt;
        try (MetaTrainer t = new MetaTrainer(spec(true), DATA, tunedDir, extractors)) {
            Params p = t.learner().parameters();
            assertTrue(p.names().contains(AmortizedBnn.BACKBONE + "conv0.w"), "the backbone is a parameter: "
                    + p.names());
            ckpt = t.train(TrainingListener.NONE).finalCheckpoint();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint c = Checkpoint.load(ckpt, m);
            float[] tuned = c.weights().get(AmortizedBnn.BACKBONE + "conv0.w").toFloatArray();
            float[] pretrained = c.state().get(Conv4Extractor.WEIGHTS + "conv0.w").toFloatArray();
            assertFalse(Arrays.equals(tuned, pretrained), "three steps left the tuned copy unchanged");
            Conv4Extractor stored = (Conv4Extractor) extractors.obtain(DATA, BnnSettings.from(spec(true)).pretrain(),
                    m);
            assertArrayEquals(pretrained, stored.state().get(Conv4Extractor.WEIGHTS + "conv0.w").toFloatArray(),
                    "training wrote into the stored backbone");
        }
        EvaluationResult tuned = RunEvaluation.evaluate(spec(true), DATA, tunedDir, extractors, done -> { });
        // The same checkpoint with the backbone's copy put back to the pretrained weights predicts differently:
        // the evaluation read the tuned copy.
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint c = Checkpoint.load(ckpt, m);
            Params reset = c.weights().map((k, v) -> k.startsWith(AmortizedBnn.BACKBONE)
                    ? c.state().get(Conv4Extractor.WEIGHTS + k.substring(AmortizedBnn.BACKBONE.length())).duplicate()
                    : v);
            Path resetDir = tmp.resolve("reset");
            Files.createDirectories(resetDir.resolve("checkpoints"));
            new Checkpoint(c.header(), reset, c.state(), c.adam()).save(resetDir.resolve("checkpoints")
                    .resolve(ckpt.getFileName().toString()));
            EvaluationResult pretrained = RunEvaluation.evaluate(spec(true), DATA, resetDir, extractors, done -> { });
            assertTrue(tuned.calibration().nll() != pretrained.calibration().nll(),
                    "the evaluation ignored the tuned backbone");
        }
    }

    /** An engine or spec without the tuned copy must not evaluate the checkpoint with the pretrained backbone. */
    @Test
    void aTunedCheckpointIsRefusedByAFrozenSpecRatherThanLoadedPartly(@TempDir Path tmp) {
        FeatureExtractorStore extractors = new FeatureExtractorStore(tmp.resolve("extractors"), done -> { });
        Path dir = tmp.resolve("tuned");
        try (MetaTrainer t = new MetaTrainer(spec(true), DATA, dir, extractors)) {
            t.train(TrainingListener.NONE);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunEvaluation.evaluate(spec(false), DATA, dir, extractors, done -> { }));
        assertTrue(e.getMessage().contains("12 arrays the network lacks, [backbone."), e.getMessage());
    }

    @Test
    void aFrozenBackboneIsNotAParameter(@TempDir Path tmp) {
        FeatureExtractorStore extractors = new FeatureExtractorStore(tmp.resolve("extractors"), done -> { });
        try (MetaTrainer t = new MetaTrainer(spec(false), DATA, tmp.resolve("frozen"), extractors)) {
            assertTrue(t.learner().parameters().names().stream().noneMatch(k -> k.startsWith(AmortizedBnn.BACKBONE)));
        }
    }

    @Test
    void aTorchScriptEncoderCannotBeTuned() {
        RunSpec spec = BnnFixtures.spec(3, 2, 3, 2, 0.5, Map.of(HyperKeys.VARIANT, "improved",
                BnnSettings.ENCODER, "torchscript", BnnSettings.ENCODER_MODEL, "model.pt",
                BnnSettings.TUNE_BACKBONE, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BnnSettings.from(spec));
        assertTrue(e.getMessage().contains("conv4"), e.getMessage());
    }
}
