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
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.ProtoNet;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Path;

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
 */
public final class CentroidBaseline implements MetaLearner {
    private final FeatureExtractor backbone;
    private final Params none;

    CentroidBaseline(FeatureExtractor backbone, NDManager m) {
        this.backbone = backbone;
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

    /** Log-softmax of minus the squared distances of the query features to the class means of the support's. */
    @Override
    public NDArray predict(EpisodeBatch b) {
        return ProtoNet.logits(features(b.supportX()), features(b.queryX()), b.way(), b.shot()).logSoftmax(-1);
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
        if (args.length <= index) {
            return absent;
        }
        try {
            int n = Integer.parseInt(args[index]);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, was '" + args[index] + "'");
    }

    /** Nearest centroid on {@code spec}'s backbone (pretrained on a store miss), on the test pool: a headline. */
    static String evaluate(RunSpec spec, Path data, int episodes) {
        BnnSettings settings = BnnSettings.from(spec);
        FewShotDataset ds = DatasetLoader.load(data, spec.dataset(), spec.split(), null);
        FeatureExtractorStore store = FeatureExtractorStore.fromEnvironment();
        try (NDManager m = NDManager.newBaseManager()) {
            FeatureExtractor backbone = store.obtain(ds, settings.pretrain(), m);
            Object seconds = FeatureExtractorStore.provenance(store.folder(ds, settings.pretrain())).get("seconds");
            EvaluationResult r = Evaluator.evaluate(new CentroidBaseline(backbone, m), ds, "test", spec.way(),
                    spec.shot(), spec.query(), episodes, Evaluator.TEST_SEED, 25, done -> { });
            return String.format("nearest centroid on the backbone of %s (%s, pretrained in %s s, "
                    + "no meta-training):%n  %s", spec.runId(), backbone.description(), seconds, r.headline());
        }
    }
}
