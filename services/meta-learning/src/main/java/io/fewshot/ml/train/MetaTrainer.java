package io.fewshot.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Provenance;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.data.Episode;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.data.EpisodeSampler;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Adam;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta-trains one run: episodic Adam steps, validation on the val pool, checkpoints, and exact
 * resumption from the newest checkpoint in the run's folder.
 *
 * <p>Exactness rests on three things: episode i and the native seed of step i depend only on
 * (seed, i); the checkpoint holds weights, batch-norm state and Adam's moments bit for bit; and
 * with one intra-op thread PyTorch's CPU kernels are deterministic.
 */
public final class MetaTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaTrainer.class);
    private static final double REPORT_SECONDS = 1.0;
    /**
     * Refuses, before any work, a run that would validate on a split without a val pool (the trainval
     * splits): it would otherwise fail at its first validation, minutes or hours in.
     */
    public static void requireValidationPool(RunSpec spec, FewShotDataset data) {
        if (!data.splits().containsKey("val") && ValidationCadence.of(TrainingSettings.from(spec)).enabled()) {
            throw new IllegalArgumentException("split " + spec.split() + " of " + spec.dataset()
                    + " has no val pool to validate on: set validateEvery=0 and no validateSeconds"
                    + " (the final checkpoint is then evaluated)");
        }
    }

    /** Non-finite steps in a row after which the run is declared diverged rather than skipped. */
    static final int MAX_NON_FINITE_STEPS = 20;

    private final RunSpec spec;
    private final FewShotDataset data;
    private final TrainingSettings settings;
    private final CheckpointStore store;
    private final NDManager manager;
    private final MetaLearner learner;
    private Adam adam;
    private Checkpoint.Header header;
    private int nonFiniteInARow;

    /** A trainer whose amortized BNN finds its feature extractor in the store {@code $FSB_FEATURE_EXTRACTORS} names. */
    public MetaTrainer(RunSpec spec, FewShotDataset data, Path runDir) {
        this(spec, data, runDir, FeatureExtractorStore.fromEnvironment());
    }

    /**
     * @param extractors where the amortized BNN finds (or pretrains into) its feature extractor;
     *                   unused by the other methods
     */
    public MetaTrainer(RunSpec spec, FewShotDataset data, Path runDir, FeatureExtractorStore extractors) {
        this(spec, data, runDir, extractors, false);
    }

    /**
     * A trainer that continues the run in {@code runDir} under {@code spec}, whose budget may differ from the
     * run's (e.g. more wall time for a row still climbing); everything else must be the same. Steps, seconds,
     * the best checkpoint and Adam's moments carry on, so the result is the run an uninterrupted session of the
     * new budget would have trained; the checkpoints it writes carry the new spec's id and provenance.
     */
    public static MetaTrainer extending(RunSpec spec, FewShotDataset data, Path runDir) {
        return new MetaTrainer(spec, data, runDir, FeatureExtractorStore.fromEnvironment(), true);
    }

    private MetaTrainer(RunSpec spec, FewShotDataset data, Path runDir, FeatureExtractorStore extractors,
            boolean budgetMayChange) {
        requireValidationPool(spec, data);
        this.spec = spec;
        this.data = data;
        this.settings = TrainingSettings.from(spec);
        this.store = new CheckpointStore(runDir.resolve("checkpoints"));
        this.manager = NDManager.newBaseManager();
        this.learner = MetaLearners.create(spec, data, manager, extractors);
        this.adam = new Adam(manager, learner.parameters());
        this.header = new Checkpoint.Header(spec.runId(), 0, 0, Double.NaN, -1, Provenance.of(spec, data));
        store.latest().ifPresent(file -> restore(file, budgetMayChange));
        learner.parameters().requireGradients();
    }

    /** Steps already done: non-zero after a resume. */
    public long step() {
        return header.step();
    }

    /** Seconds of training so far, validation included, over every session of the run. */
    public double trainSeconds() {
        return header.trainSeconds();
    }

    public MetaLearner learner() {
        return learner;
    }

    public TrainingSettings settings() {
        return settings;
    }

    /** Trains until the budget's steps or wall time run out. */
    public Outcome train(TrainingListener listener) {
        return train(listener, () -> false);
    }

    /**
     * Trains until the budget's steps or wall time run out, or until {@code stopRequested} says so
     * (checked between steps; e.g. on SIGTERM). A stopped run saves a step checkpoint to resume
     * from and has no final checkpoint.
     */
    public Outcome train(TrainingListener listener, BooleanSupplier stopRequested) {
        int total = spec.budget().steps();
        long wallCap = spec.budget().wallSeconds();
        EpisodeSampler sampler = trainingSampler();
        long sessionStart = System.nanoTime();
        double before = header.trainSeconds();
        long reportStep = header.step();
        long reportTime = System.nanoTime();
        double lossSum = 0;
        double accSum = 0;
        int reported = 0;
        ValidationCadence cadence = ValidationCadence.of(settings);
        long lastValidation = sessionStart;
        long lastValidatedStep = -1;
        Outcome.Reason reason = Outcome.Reason.STEPS;
        while (header.step() < total) {
            double elapsed = before + (System.nanoTime() - sessionStart) / 1e9;
            if (wallCap > 0 && elapsed >= wallCap) {
                reason = Outcome.Reason.WALL_CLOCK;
                break;
            }
            if (stopRequested.getAsBoolean()) {
                Path resumeFrom = store.saveStep(snapshot());
                listener.onCheckpoint(header.step(), resumeFrom);
                return new Outcome(Outcome.Reason.STOP_REQUESTED, header.step(), null);
            }
            long step = header.step();
            float[] lossAcc = trainStep(sampler, step);
            if (lossAcc != null) {
                lossSum += lossAcc[0];
                accSum += lossAcc[1];
                reported++;
            }
            header = withStep(step + 1, before + (System.nanoTime() - sessionStart) / 1e9);
            long now = System.nanoTime();
            if ((now - reportTime) / 1e9 >= REPORT_SECONDS || header.step() == total) {
                double secs = (now - reportTime) / 1e9;
                double eps = (header.step() - reportStep) * settings.metaBatch() / secs;
                double eta = (total - header.step()) * settings.metaBatch() / Math.max(eps, 1e-9);
                if (reported > 0) {
                    listener.onProgress(new TrainingListener.Progress(header.step(), total, lossSum / reported,
                            accSum / reported, eps, eta, settings.schedule().at(step, header.trainSeconds()), header.trainSeconds()));
                }
                reportStep = header.step();
                reportTime = now;
                lossSum = 0;
                accSum = 0;
                reported = 0;
            }
            if (cadence.due(header.step(), (System.nanoTime() - lastValidation) / 1e9)) {
                validate(listener);
                lastValidation = System.nanoTime();
                lastValidatedStep = header.step();
                // Validation is training time, also when it comes at the last step.
                header = withStep(header.step(), before + (System.nanoTime() - sessionStart) / 1e9);
            }
            if (settings.checkpointEvery() > 0 && header.step() % settings.checkpointEvery() == 0) {
                listener.onCheckpoint(header.step(), store.saveStep(snapshot()));
            }
        }
        if (cadence.dueAtEnd(header.step(), lastValidatedStep)) {
            validate(listener);
            header = withStep(header.step(), before + (System.nanoTime() - sessionStart) / 1e9);
        }
        Path last = store.saveStep(snapshot());
        listener.onCheckpoint(header.step(), last);
        return new Outcome(reason, header.step(), store.saveFinal(snapshot()));
    }

    private boolean gradientsFinite() {
        NDArray total = null;
        for (NDArray p : learner.parameters().arrays()) {
            NDArray g = p.getGradient().sum();
            total = total == null ? g : total.add(g);
        }
        return total == null || Float.isFinite(total.getFloat());
    }

    /**
     * A step whose loss or gradients are not finite (one unlucky episode, or a weight sample of a
     * stochastic method) is skipped, so it cannot poison the weights, Adam's moments or the batch-norm
     * statistics; a run of them means the run itself diverged.
     */
    private void skipNonFinite(long step, float loss) {
        nonFiniteInARow++;
        if (nonFiniteInARow >= MAX_NON_FINITE_STEPS) {
            throw new IllegalStateException("training diverged: " + nonFiniteInARow
                    + " steps in a row had a non-finite loss or gradient (last at step " + step + ", loss " + loss
                    + "); lower the learning rate");
        }
        LOG.warn("step {}: non-finite loss or gradient ({}), update skipped", step, loss);
    }

    /**
     * How a training session ended.
     *
     * @param finalCheckpoint the final weights, or null when stopped on request before the budget ran out
     */
    public record Outcome(Reason reason, long steps, Path finalCheckpoint) {
        public enum Reason { STEPS, WALL_CLOCK, STOP_REQUESTED }

        public boolean finished() {
            return reason != Reason.STOP_REQUESTED;
        }
    }

    /** @return mean loss and accuracy, or null when the step was skipped as non-finite */
    private float[] trainStep(EpisodeSampler sampler, long step) {
        // The native seed of a step is a function of (seed, step): resumption replays it exactly.
        JniUtils.setSeed(spec.seed() * 1_000_003L + step);
        try (NDManager scope = manager.newSubManager(); Autograd.Scope off = Autograd.disabled()) {
            // The forward pass moves batch norm's running statistics in place: a skipped step puts them back, or
            // one non-finite batch would leave every later evaluation NaN.
            learner.state().tempAttach(scope);
            Params stateBefore = learner.state().map((k, v) -> v.duplicate());
            float[] lossAccuracy = accumulateGradients(sampler, step);
            learner.parameters().tempAttach(scope);
            if (!Float.isFinite(lossAccuracy[0]) || !gradientsFinite()) {
                learner.state().assign(stateBefore, "the state before step " + step);
                skipNonFinite(step, lossAccuracy[0]);
                return null;
            }
            nonFiniteInARow = 0;
            adam.step(learner.parameters(), settings.schedule().at(step, header.trainSeconds()));
            return lossAccuracy;
        }
    }

    /**
     * Sets the parameters' gradients to those of step {@code step}'s meta-batch loss, taking the
     * batch {@code tasksPerChunk} tasks at a time: each chunk's backward adds its share, so memory
     * is bounded by one chunk's graph while the gradient is the whole batch's (task losses are
     * independent).
     *
     * @return the batch's mean loss and accuracy
     */
    float[] accumulateGradients(EpisodeSampler sampler, long step) {
        int tasks = settings.metaBatch();
        float loss = 0;
        float accuracy = 0;
        Autograd.zeroGradients(learner.parameters());
        for (int from = 0; from < tasks; from += settings.tasksPerChunk()) {
            int size = Math.min(settings.tasksPerChunk(), tasks - from);
            float share = (float) size / tasks;
            try (NDManager scope = manager.newSubManager()) {
                learner.parameters().tempAttach(scope);
                List<Episode> episodes = new ArrayList<>(size);
                for (int j = from; j < from + size; j++) {
                    episodes.add(sampler.sample(step * tasks + j));
                }
                EpisodeBatch batch = EpisodeBatch.of(scope, data, episodes);
                MetaLearner.Loss chunk;
                try (Autograd.Scope on = Autograd.enabled()) {
                    chunk = learner.loss(batch);
                    // A whole batch is not rescaled: the one-chunk case stays bit-identical to before.
                    Autograd.backward(size == tasks ? chunk.value() : Ops.mul(chunk.value(), share));
                }
                try (Autograd.Scope off = Autograd.disabled()) {
                    loss += share * chunk.value().getFloat();
                    accuracy += share * Ops.accuracy(chunk.logits(), batch.queryY());
                }
            }
        }
        return new float[] {loss, accuracy};
    }

    /** The sampler of training episodes: episode i depends only on (seed, i). */
    EpisodeSampler trainingSampler() {
        return new EpisodeSampler(data, "train", settings.trainWay(), spec.shot(), settings.trainQuery(), spec.seed());
    }

    private void validate(TrainingListener listener) {
        EvaluationResult r = Evaluator.evaluate(learner, data, "val", spec.way(), spec.shot(), settings.testQuery(),
                settings.validationEpisodes(), settings.evalSeed() + 1, settings.evalTasksPerBatch(), done -> { });
        boolean best = Double.isNaN(header.bestValAccuracy()) || r.accuracy() > header.bestValAccuracy();
        if (best) {
            header = new Checkpoint.Header(header.runId(), header.step(), header.trainSeconds(), r.accuracy(),
                    header.step(), header.provenance());
            store.saveBest(snapshot());
        }
        listener.onValidation(header.step(), r.accuracy(), best);
    }

    private Checkpoint.Header withStep(long step, double seconds) {
        return new Checkpoint.Header(header.runId(), step, seconds, header.bestValAccuracy(), header.bestStep(),
                header.provenance());
    }

    private Checkpoint snapshot() {
        return new Checkpoint(header, learner.parameters(), learner.state(), adam);
    }

    private void restore(Path file, boolean budgetMayChange) {
        Checkpoint c = Checkpoint.load(file, manager);
        boolean extended = !spec.runId().equals(c.header().runId());
        if (extended && !(budgetMayChange && sameRunButBudget(c.header()))) {
            throw new IllegalStateException(file + " belongs to run " + c.header().runId() + ", not " + spec.runId()
                    + (budgetMayChange ? " (whose spec may differ from it only in the budget)" : ""));
        }
        c.restoreInto(learner);
        c.weights().arrays().forEach(NDArray::close);
        c.state().arrays().forEach(NDArray::close);
        this.adam = c.adam();
        Checkpoint.Header h = c.header();
        this.header = extended ? new Checkpoint.Header(spec.runId(), h.step(), h.trainSeconds(), h.bestValAccuracy(),
                h.bestStep(), Provenance.of(spec, data)) : h;
        if (extended) {
            LOG.info("run {} continues run {} from step {} under budget {}", spec.runId(), h.runId(), h.step(),
                    spec.budget());
        }
    }

    /**
     * Whether the checkpoint's run is this spec but for the budget, and its learning-rate schedule does not
     * depend on the budget (a cosine over other steps or seconds would not be the same run continued).
     */
    private boolean sameRunButBudget(Checkpoint.Header h) {
        RunSpec saved = h.provenance() == null ? null : h.provenance().spec();
        return saved != null && saved.withBudget(spec.budget()).runId().equals(spec.runId())
                && TrainingSettings.from(saved).schedule().horizon() == settings.schedule().horizon();
    }

    @Override
    public void close() {
        manager.close();
    }
}
