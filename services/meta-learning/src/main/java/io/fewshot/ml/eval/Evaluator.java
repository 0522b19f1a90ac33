package io.fewshot.ml.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.Episode;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.data.EpisodeSampler;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Autograd;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Evaluates a learner on episodes from a fixed seed, so that every method meets the same tasks. */
public final class Evaluator {
    /**
     * The evaluation seed of the test protocol, independent of any training seed; a spec may draw other
     * episodes ({@link TrainingSettings#EVAL_SEED}).
     */
    public static final long TEST_SEED = TrainingSettings.DEFAULT_EVAL_SEED;

    private Evaluator() {
    }

    /** An evaluation's result with the per-episode scores behind it. */
    public record Scored(EvaluationResult result, EpisodeScores scores) {
    }

    /**
     * @param tasksPerBatch episodes predicted in one call (MAML-style methods adapt them together)
     * @param progress      told the number of episodes done after each batch
     */
    public static EvaluationResult evaluate(MetaLearner learner, FewShotDataset data, String pool, int way, int shot,
            int query, int episodes, long seed, int tasksPerBatch, IntConsumer progress) {
        return scored(learner, data, pool, way, shot, query, episodes, seed, tasksPerBatch, progress).result();
    }

    /** {@link #evaluate}, keeping each episode's accuracy and NLL for a paired comparison. */
    public static Scored scored(MetaLearner learner, FewShotDataset data, String pool, int way, int shot,
            int query, int episodes, long seed, int tasksPerBatch, IntConsumer progress) {
        long start = System.nanoTime();
        EpisodeSampler sampler = new EpisodeSampler(data, pool, way, shot, query, seed);
        Calibration calibration = new Calibration(Calibration.DEFAULT_BINS);
        double[] accuracy = new double[episodes];
        double[] nll = new double[episodes];
        NDManager home = learner.parameters().arrays().get(0).getManager();
        for (int done = 0; done < episodes; ) {
            int t = Math.min(tasksPerBatch, episodes - done);
            // Seeded per batch: methods that sample weights (the amortized BNN) give the same
            // result for the same checkpoint, whatever ran before in this process.
            ai.djl.pytorch.jni.JniUtils.setSeed(seed * 1_000_003L + done);
            try (NDManager scope = home.newSubManager(); Autograd.Scope off = Autograd.disabled()) {
                learner.parameters().tempAttach(scope);
                learner.state().tempAttach(scope);
                List<Episode> batch = new ArrayList<>(t);
                for (int i = 0; i < t; i++) {
                    batch.add(sampler.sample(done + i));
                }
                EpisodeBatch b = EpisodeBatch.of(scope, data, batch);
                NDArray probs = learner.predict(b).exp();
                float[] p = probs.toFloatArray();
                requireFinite(p, pool, done);
                long[] labels = b.queryY().toLongArray();
                int perTask = way * query;
                for (int i = 0; i < t; i++) {
                    int hits = 0;
                    double surprise = 0;
                    for (int j = 0; j < perTask; j++) {
                        int row = i * perTask + j;
                        int label = (int) labels[row];
                        surprise += calibration.add(p, row * way, way, label);
                        if (argMax(p, row * way, way) == label) {
                            hits++;
                        }
                    }
                    accuracy[done + i] = hits / (double) perTask;
                    nll[done + i] = surprise / perTask;
                }
            }
            done += t;
            progress.accept(done);
        }
        EvaluationResult r = new EvaluationResult(pool, way, shot, query, episodes, seed,
                EpisodeScores.mean(accuracy), EpisodeScores.sd(accuracy), EpisodeScores.ci95(accuracy),
                calibration.summary(), (System.nanoTime() - start) / 1e9);
        return new Scored(r, new EpisodeScores(accuracy, nll));
    }

    /** A NaN would score as a wrong answer and make the calibration NaN: refused, saying where it came from. */
    private static void requireFinite(float[] probabilities, String pool, int firstEpisode) {
        for (float v : probabilities) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("the model predicts non-finite probabilities (" + v + ") on " + pool
                        + " episodes from " + firstEpisode + ": its weights or batch-norm statistics are not finite");
            }
        }
    }

    private static int argMax(float[] p, int offset, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (p[offset + k] > p[offset + best]) {
                best = k;
            }
        }
        return best;
    }
}
