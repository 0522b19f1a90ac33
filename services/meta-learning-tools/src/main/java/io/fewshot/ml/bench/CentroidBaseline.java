package io.fewshot.ml.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.bnn.FeatureExtractor;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.data.EpisodeSampler;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.ProtoNet;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * The IMPROVED BNN's honest baseline (issue 13, point 7): a nearest-centroid classifier on the same frozen
 * pretrained backbone, with no meta-training at all. Its whole budget is the backbone's pretraining; if it
 * matches IMPROVED, the BNN on top of the backbone adds nothing.
 *
 * <p>Usage: {@code CentroidBaseline <omniglot-dir> <row-id> [episodes] [threads] [pretrain-steps]}, e.g. the row
 * {@code amortized-bnn-1-improved}: the backbone is the one that row's reproduction spec names (pretrained into
 * {@code FSB_FEATURE_EXTRACTORS} on a miss), evaluated on the test pool with the evaluator's own episodes.
 * {@code pretrain-steps} overrides the backbone's pretraining: at equal total budget the centroid gets the
 * whole of the row's wall budget as pretraining.
 *
 * <p>Squared distances have no learned scale, so raw centroid probabilities are overconfident; the fair
 * comparison of NLL and ECE also reports the centroid with one temperature chosen on val episodes (accuracy
 * is the same at every temperature).
 */
public final class CentroidBaseline implements MetaLearner {
    /** Candidate multipliers of the negative squared distances: 2^-10 .. 2^2. */
    static final double[] SCALES = IntStream.rangeClosed(-10, 2).mapToDouble(e -> Math.pow(2, e)).toArray();
    /** Val episodes that choose the temperature (those of the training runs' validation, evalSeed + 1). */
    static final int VAL_EPISODES = 200;
    private static final int TASKS_PER_BATCH = 25;
    private final FeatureExtractor backbone;
    private final double scale;
    private final Params none;

    CentroidBaseline(FeatureExtractor backbone, double scale, NDManager m) {
        this.backbone = backbone;
        this.scale = scale;
        // The evaluator attaches parameters to its per-batch scope; a scalar keeps it a real array.
        this.none = new Params();
        none.put("unused", m.zeros(new Shape(1)));
    }

    @Override
    public Params parameters() {
        return none;
    }

    @Override
    public Params state() {
        return new Params();
    }

    @Override
    public Loss loss(EpisodeBatch batch) {
        throw new UnsupportedOperationException("a nearest-centroid classifier is not trained");
    }

    /** Log-softmax of minus the scaled squared distances of the query features to the support's class means. */
    @Override
    public NDArray predict(EpisodeBatch b) {
        return distances(b).mul(scale).logSoftmax(-1);
    }

    /** Minus the squared distances of the query features to the support's class means, unscaled. */
    private NDArray distances(EpisodeBatch b) {
        return ProtoNet.logits(features(b.supportX()), features(b.queryX()), b.way(), b.shot());
    }

    private NDArray features(NDArray images) {
        Shape s = images.getShape();
        NDArray flat = images.reshape(new Shape(s.get(0) * s.get(1)).addAll(s.slice(2)));
        return backbone.embed(flat).reshape(s.get(0), s.get(1), -1);
    }

    public static void main(String[] args) {
        try {
            if (args.length < 2 || args.length > 5) {
                throw new IllegalArgumentException("usage: CentroidBaseline <omniglot-dir> <row-id> [episodes] "
                        + "[threads] [pretrain-steps]");
            }
            ReproductionRow row = ReproductionRow.fromId(args[1]);
            int episodes = positive(args, 2, "episodes", 1000);
            Threads.set(positive(args, 3, "threads", 1));
            RunSpec spec = row.spec(Profile.CPU, 0, 0, episodes);
            if (args.length > 4) {
                spec = spec.withHyper(BnnSettings.PRETRAIN_STEPS, positive(args, 4, "pretrain-steps", 0));
            }
            System.out.println(evaluate(spec, Path.of(args[0]), episodes));
        } catch (IllegalArgumentException e) {
            System.err.println("centroid-baseline: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int positive(String[] args, int index, String name, int absent) {
        return args.length <= index ? absent : Reproduction.positiveInt(name, args[index]);
    }

    /**
     * Nearest centroid on {@code spec}'s backbone (pretrained on a store miss), on the test pool: two headlines,
     * as the distances come and with the temperature chosen on val.
     */
    static String evaluate(RunSpec spec, Path data, int episodes) {
        BnnSettings settings = BnnSettings.from(spec);
        FewShotDataset ds = DatasetLoader.load(data, spec.dataset(), spec.split(), null);
        FeatureExtractorStore store = FeatureExtractorStore.fromEnvironment();
        try (NDManager m = NDManager.newBaseManager()) {
            FeatureExtractor backbone = store.obtain(ds, settings.pretrain(), m);
            Object seconds = FeatureExtractorStore.provenance(store.folder(ds, settings.pretrain())).get("seconds");
            long seed = TrainingSettings.from(spec).evalSeed();
            double chosen = chooseScale(backbone, ds, spec.way(), spec.shot(), spec.query(), VAL_EPISODES, seed + 1, m);
            EvaluationResult raw = test(backbone, 1, ds, spec, episodes, seed, m);
            EvaluationResult tempered = test(backbone, chosen, ds, spec, episodes, seed, m);
            return String.format("nearest centroid on the backbone of %s (%s, pretrained in %s s, "
                    + "no meta-training):%n  distances as they come: %s%n  temperature chosen on %d val episodes "
                    + "(scale %s): %s", spec.runId(), backbone.description(), seconds, raw.headline(), VAL_EPISODES,
                    chosen, tempered.headline());
        }
    }

    /**
     * The scale of {@link #SCALES} with the lowest NLL on {@code episodes} val episodes, the evaluator's (seed
     * {@code valSeed}, the run's evalSeed + 1): each episode is embedded once and every scale priced on the same
     * distances.
     */
    static double chooseScale(FeatureExtractor backbone, FewShotDataset ds, int way, int shot, int query,
            int episodes, long valSeed, NDManager m) {
        EpisodeSampler sampler = new EpisodeSampler(ds, "val", way, shot, query, valSeed);
        CentroidBaseline unscaled = new CentroidBaseline(backbone, 1, m);
        double[] nll = new double[SCALES.length];
        for (int done = 0; done < episodes; done += TASKS_PER_BATCH) {
            int t = Math.min(TASKS_PER_BATCH, episodes - done);
            try (NDManager scope = m.newSubManager(); Autograd.Scope off = Autograd.disabled()) {
                EpisodeBatch b = EpisodeBatch.of(scope, ds, LongStream.range(done, done + t)
                        .mapToObj(sampler::sample).toList());
                NDArray distances = unscaled.distances(b);
                for (int k = 0; k < SCALES.length; k++) {
                    nll[k] += t * Ops.crossEntropy(distances.mul(SCALES[k]), b.queryY()).getFloat();
                }
            }
        }
        int best = 0;
        for (int k = 1; k < SCALES.length; k++) {
            if (nll[k] < nll[best]) {
                best = k;
            }
        }
        return SCALES[best];
    }

    private static EvaluationResult test(FeatureExtractor backbone, double scale, FewShotDataset ds, RunSpec spec,
            int episodes, long seed, NDManager m) {
        return Evaluator.evaluate(new CentroidBaseline(backbone, scale, m), ds, "test", spec.way(), spec.shot(),
                spec.query(), episodes, seed, TASKS_PER_BATCH, done -> { });
    }
}
