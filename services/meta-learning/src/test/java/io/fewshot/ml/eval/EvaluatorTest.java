package io.fewshot.ml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.ProtoNet;
import io.fewshot.ml.nn.Params;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(12, 6, 8, 3);

    /**
     * A 2-way learner whose episode e (counted across batches) gets exactly e of its 4 queries
     * right: per-episode accuracies 0, 1/4, 1/2, 3/4, 1 over 5 episodes evaluated 2 at a time
     * (batches of 2, 2, 1). Right answers get probability 0.8, wrong ones leave 0.4 on the truth.
     */
    @Test
    void accuracyAndItsConfidenceIntervalAggregatePerEpisodeAccuraciesAcrossBatches() {
        List<Integer> batchSizes = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            EvaluationResult r = Evaluator.evaluate(new ScriptedLearner(m, batchSizes), DATA, "test", 2, 1, 2, 5,
                    Evaluator.TEST_SEED, 2, done -> { });
            assertEquals(List.of(2, 2, 1), batchSizes);
            assertEquals(5, r.episodes());
            assertEquals(0.5, r.accuracy(), 1e-12);
            // sample sd: squared deviations 0.25 + 0.0625 + 0 + 0.0625 + 0.25 = 0.625, over n-1 = 4
            double sd = Math.sqrt(0.625 / 4);
            assertEquals(sd, r.std(), 1e-12);
            assertEquals(1.96 * sd / Math.sqrt(5), r.ci95(), 1e-12);
            // 10 right and 10 wrong query predictions
            assertEquals((10 * -Math.log(0.8) + 10 * -Math.log(0.4)) / 20, r.calibration().nll(), 1e-6);
            assertEquals(20, r.calibration().predictions());
        }
    }

    @Test
    void scoresKeepEachEpisodesAccuracyAndMeanNllInEpisodeOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            Evaluator.Scored s = Evaluator.scored(new ScriptedLearner(m, new ArrayList<>()), DATA, "test", 2, 1, 2, 5,
                    Evaluator.TEST_SEED, 2, done -> { });
            for (int e = 0; e < 5; e++) {
                assertEquals(e / 4.0, s.scores().accuracy()[e], 1e-12);
                assertEquals((e * -Math.log(0.8) + (4 - e) * -Math.log(0.4)) / 4, s.scores().nll()[e], 1e-6);
            }
            assertEquals(s.result().accuracy(), PairedDifference.of(s.scores(), zeros(5)).accuracy(), 1e-12);
        }
    }

    @Test
    void oneEpisodeHasNoSpreadAndNoInterval() {
        try (NDManager m = NDManager.newBaseManager()) {
            EvaluationResult r = Evaluator.evaluate(new ScriptedLearner(m, new ArrayList<>()), DATA, "test", 2, 1, 2, 1,
                    Evaluator.TEST_SEED, 4, done -> { });
            assertEquals(0.0, r.accuracy(), 1e-12);
            assertEquals(0.0, r.ci95(), 1e-12);
        }
    }

    @Test
    void aModelWithNonFiniteBatchNormStatisticsIsRefusedNotScoredAsNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProtoNet poisoned = new ProtoNet(m, 1, 4, 1);
            poisoned.state().get("bn2.var").muli(Float.NaN);
            FewShotDataset images16 = Fixtures.synthetic(12, 6, 16, 3); // Conv-4 pools 16 down to 1
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Evaluator.evaluate(poisoned,
                    images16, "test", 2, 1, 2, 3, Evaluator.TEST_SEED, 4, done -> { }));
            assertTrue(e.getMessage().contains("non-finite probabilities (NaN) on test episodes from 0"),
                    e.getMessage());
        }
    }

    private static EpisodeScores zeros(int episodes) {
        return new EpisodeScores(new double[episodes], new double[episodes]);
    }

    private static final class ScriptedLearner implements MetaLearner {
        private final Params weights = new Params();
        private final List<Integer> batchSizes;
        private int episodesSeen;

        ScriptedLearner(NDManager m, List<Integer> batchSizes) {
            weights.put("unused", m.zeros(new Shape(1)));
            this.batchSizes = batchSizes;
        }

        @Override
        public Params parameters() {
            return weights;
        }

        @Override
        public Params state() {
            return new Params();
        }

        @Override
        public Loss loss(EpisodeBatch batch) {
            throw new UnsupportedOperationException("evaluation only");
        }

        @Override
        public NDArray predict(EpisodeBatch batch) {
            long[] labels = batch.queryY().toLongArray();
            int tasks = batch.tasks();
            int perTask = labels.length / tasks;
            float[] p = new float[labels.length * 2];
            for (int t = 0; t < tasks; t++) {
                int right = episodesSeen + t;
                for (int j = 0; j < perTask; j++) {
                    int row = t * perTask + j;
                    int truth = (int) labels[row];
                    float onTruth = j < right ? 0.8f : 0.4f;
                    p[row * 2 + truth] = onTruth;
                    p[row * 2 + 1 - truth] = 1 - onTruth;
                }
            }
            episodesSeen += tasks;
            batchSizes.add(tasks);
            return batch.queryY().getManager().create(p, new Shape(tasks, perTask, 2)).log();
        }
    }
}
