package io.fewshot.ml.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Provenance;
import io.fewshot.ml.bnn.AmortizedBnn;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.eval.PairedDifference;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Evaluates a trained run on the test pool under the test protocol (the spec's evaluation seed, {@code testEpisodes}
 * episodes) and writes {@code eval.json} — the result with its provenance — to the run folder. The same
 * protocol on the val pool writes {@code eval-val.json}: test-time settings (e.g. {@code testInnerSteps}) are
 * chosen there, so that the test pool is scored once.
 */
public final class RunEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunEvaluation() {
    }

    /**
     * @param progress told the number of test episodes done so far (of {@code testEpisodes}); the engine draws
     *                 no progress bar itself, its callers do
     */
    public static EvaluationResult evaluate(RunSpec spec, FewShotDataset data, Path runDir, IntConsumer progress) {
        return evaluate(spec, data, runDir, FeatureExtractorStore.fromEnvironment(), progress);
    }

    /**
     * @param extractors where the amortized BNN finds its feature extractor; unused by the other methods
     * @param progress   as above
     */
    public static EvaluationResult evaluate(RunSpec spec, FewShotDataset data, Path runDir,
            FeatureExtractorStore extractors, IntConsumer progress) {
        return evaluate(spec, data, runDir, "test", extractors, progress);
    }

    /**
     * @param pool the pool to score ("test", or "val" to choose test-time settings); refused, before any model is
     *             loaded, where the data has no such pool (a train + val run has no val)
     * @return the result, also written to {@code eval.json} for the test pool, {@code eval-<pool>.json} otherwise
     */
    public static EvaluationResult evaluate(RunSpec spec, FewShotDataset data, Path runDir, String pool,
            FeatureExtractorStore extractors, IntConsumer progress) {
        return scored(spec, data, runDir, pool, extractors, progress).result();
    }

    /** {@link #evaluate}, keeping the per-episode scores (of the learner as trained) for a paired comparison. */
    public static Evaluator.Scored scored(RunSpec spec, FewShotDataset data, Path runDir, String pool,
            FeatureExtractorStore extractors, IntConsumer progress) {
        return scored(spec, data, runDir, pool, pool.equals("test") ? "eval.json" : "eval-" + pool + ".json",
                extractors, progress);
    }

    /** {@link #scored}, written to {@code file} in the run folder (one of several views of the same pool). */
    public static Evaluator.Scored scored(RunSpec spec, FewShotDataset data, Path runDir, String pool, String file,
            FeatureExtractorStore extractors, IntConsumer progress) {
        return scored(spec, data, runDir, pool, file, extractors, progress, null);
    }

    /**
     * {@link #scored}, with the amortized BNN's sigma = 0 score on the same episodes given ({@link #sigmaZero}):
     * no prediction noise changes it, so views of one pool share it rather than score it each (null: scored here).
     */
    public static Evaluator.Scored scored(RunSpec spec, FewShotDataset data, Path runDir, String pool, String file,
            FeatureExtractorStore extractors, IntConsumer progress, Evaluator.Scored sigmaZero) {
        data.split(pool); // refuses a pool the data lacks, naming those it has
        TrainingSettings s = TrainingSettings.from(spec);
        try (NDManager m = NDManager.newBaseManager()) {
            Trained t = load(spec, data, runDir, extractors, m);
            Evaluator.Scored r = scored(t.learner(), data, pool, spec, s, progress, sigmaZero);
            write(runDir.resolve(file), spec, t.checkpoint(), t.header(), r.result(), data);
            return r;
        }
    }

    /** The trained amortized BNN of the run with every noise off, scored on the pool's episodes of the protocol. */
    public static Evaluator.Scored sigmaZero(RunSpec spec, FewShotDataset data, Path runDir, String pool,
            FeatureExtractorStore extractors) {
        data.split(pool);
        try (NDManager m = NDManager.newBaseManager()) {
            if (!(load(spec, data, runDir, extractors, m).learner() instanceof AmortizedBnn bnn)) {
                throw new IllegalArgumentException("only the amortized BNN has a sigma = 0 view, not "
                        + spec.method().id());
            }
            return sigmaZero(bnn, data, pool, spec, TrainingSettings.from(spec));
        }
    }

    /**
     * {@code learner} on {@code episodes} of {@code pool} under the test protocol; for the amortized BNN
     * also the same network with sigma forced to 0, on the same episodes, as the result's
     * {@code deterministic} part, and the two's paired difference.
     */
    public static EvaluationResult evaluate(MetaLearner learner, FewShotDataset data, String pool, RunSpec spec,
            TrainingSettings s, IntConsumer progress) {
        return scored(learner, data, pool, spec, s, progress, null).result();
    }

    /** {@link #evaluate} keeping the per-episode scores, with the BNN's sigma = 0 score given or (null) taken here. */
    private static Evaluator.Scored scored(MetaLearner learner, FewShotDataset data, String pool, RunSpec spec,
            TrainingSettings s, IntConsumer progress, Evaluator.Scored sigmaZero) {
        Evaluator.Scored r = Evaluator.scored(learner, data, pool, spec.way(), spec.shot(), s.testQuery(),
                s.testEpisodes(), s.evalSeed(), s.evalTasksPerBatch(), progress);
        if (!(learner instanceof AmortizedBnn bnn)) {
            return r;
        }
        Evaluator.Scored zero = sigmaZero != null ? sigmaZero : sigmaZero(bnn, data, pool, spec, s);
        return new Evaluator.Scored(r.result().withDeterministic(zero.result(),
                PairedDifference.of(r.scores(), zero.scores())), r.scores());
    }

    private static Evaluator.Scored sigmaZero(AmortizedBnn bnn, FewShotDataset data, String pool, RunSpec spec,
            TrainingSettings s) {
        return Evaluator.scored(bnn.deterministic(), data, pool, spec.way(), spec.shot(), s.testQuery(),
                s.testEpisodes(), s.evalSeed(), s.evalTasksPerBatch(), done -> { });
    }

    /** The run's evaluation checkpoint restored into its learner. */
    private static Trained load(RunSpec spec, FewShotDataset data, Path runDir, FeatureExtractorStore extractors,
            NDManager m) {
        Path ckpt = new CheckpointStore(runDir.resolve("checkpoints")).forEvaluation()
                .orElseThrow(() -> new IllegalStateException("run " + spec.runId() + " has no trained checkpoint in "
                        + runDir));
        MetaLearner learner = MetaLearners.create(spec, data, m, extractors);
        Checkpoint c = Checkpoint.load(ckpt, m);
        c.restoreInto(learner);
        return new Trained(learner, ckpt, c.header());
    }

    private record Trained(MetaLearner learner, Path checkpoint, Checkpoint.Header header) {
    }

    private static void write(Path file, RunSpec spec, Path ckpt, Checkpoint.Header h, EvaluationResult r,
            FewShotDataset data) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", spec.runId());
        out.put("checkpoint", ckpt.getFileName().toString());
        out.put("trainedSteps", h.step());
        out.put("trainSeconds", h.trainSeconds());
        out.put("bestValAccuracy", h.bestValAccuracy());
        out.put("result", r);
        out.put("provenance", Provenance.of(spec, data));
        try {
            Files.writeString(file, JSON.writeValueAsString(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
