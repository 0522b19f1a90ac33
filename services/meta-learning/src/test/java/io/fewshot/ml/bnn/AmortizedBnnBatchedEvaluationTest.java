package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.eval.EpisodeScores;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaLearners;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The amortized BNN predicts several test episodes in one call (one at a time its prediction is a long chain of
 * small operations: 60 times slower on a GPU), and a batch scores each episode as it would alone.
 */
class AmortizedBnnBatchedEvaluationTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(24, 10, 16, 9);

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    @Test
    void theBnnPredictsUpToTwentyFiveEpisodesAtOnceFewerWhereTheyAreBig() {
        RunSpec fiveWayOneShot = BnnFixtures.spec(5, 1, 15, 5, 0.5, Map.of());
        assertEquals(25, TrainingSettings.from(fiveWayOneShot).evalTasksPerBatch(), "min(25, 2400 / 80 images)");
        RunSpec twentyWayFiveShot = BnnFixtures.spec(20, 5, 15, 5, 0.5, Map.of());
        assertEquals(6, TrainingSettings.from(twentyWayFiveShot).evalTasksPerBatch(), "2400 / 400 images");
        RunSpec chosen = BnnFixtures.spec(5, 1, 15, 5, 0.5, Map.of(HyperKeys.EVAL_TASKS_PER_BATCH, 1));
        assertEquals(1, TrainingSettings.from(chosen).evalTasksPerBatch(), "a spec's own setting wins");
    }

    @Test
    void aBatchOfEpisodesScoresEachAsItScoresAlone(@TempDir Path tmp) {
        RunSpec spec = BnnFixtures.spec(3, 2, 3, 2, 0.5, Map.of(BnnSettings.PRETRAIN_STEPS, 2));
        FeatureExtractorStore extractors = new FeatureExtractorStore(tmp, done -> { });
        try (NDManager m = NDManager.newBaseManager()) {
            // Sigma = 0: no draw, so a batch and single episodes see the same numbers whatever the seeds.
            AmortizedBnn bnn = ((AmortizedBnn) MetaLearners.create(spec, DATA, m, extractors)).deterministic();
            EpisodeScores alone = scores(bnn, spec, 1);
            EpisodeScores batched = scores(bnn, spec, 4);
            assertArrayEquals(alone.accuracy(), batched.accuracy());
            assertArrayEquals(alone.nll(), batched.nll(), 1e-5);
        }
    }

    private static EpisodeScores scores(AmortizedBnn bnn, RunSpec spec, int tasksPerBatch) {
        return Evaluator.scored(bnn, DATA, "test", spec.way(), spec.shot(), spec.query(), 8, Evaluator.TEST_SEED,
                tasksPerBatch, done -> { }).scores();
    }
}
