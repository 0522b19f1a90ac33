package io.fewshot.trainer;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.Phase;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.Stage;
import io.fewshot.contracts.events.StopReason;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.train.Checkpoint;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.TrainingListener;
import io.fewshot.support.DatasetCache;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.Failures;
import io.fewshot.contracts.LocalFiles;
import io.fewshot.support.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One training request, start to end: skip it if the run already completed (unless forced), fetch
 * the dataset, resume from the run's newest checkpoint in the bucket, train with checkpoints going
 * to the bucket as the engine writes them (and every {@code checkpointInterval}), then publish
 * {@code fsl.training.completed.v1} and write the completion marker; or publish
 * {@code fsl.training.failed.v1} saying whether a retry can help.
 *
 * <p>The bucket is the truth: the local run folder is rebuilt from it at every start, so any
 * trainer (another pod, a restarted process) continues any run.
 */
public final class RunTraining {
    private static final Logger LOG = Logger.getLogger(RunTraining.class);
    private static final long PROGRESS_GAP_NANOS = 1_000_000_000L;

    /** How a request ended. */
    public enum Result {
        COMPLETED, ALREADY_COMPLETED, FAILED_RETRYABLE, FAILED, STOPPED
    }

    private final RunStore runs;
    private final DatasetCache datasets;
    private final EventPublisher events;
    private final FeatureExtractorMirror extractors;
    private final Path workDir;
    private final Duration checkpointInterval;
    private final RunObserver observer;

    public RunTraining(RunStore runs, DatasetCache datasets, EventPublisher events, FeatureExtractorMirror extractors,
            Path workDir, Duration checkpointInterval, RunObserver observer) {
        this.runs = runs;
        this.datasets = datasets;
        this.events = events;
        this.extractors = extractors;
        this.workDir = workDir;
        this.checkpointInterval = checkpointInterval;
        this.observer = observer;
    }

    /**
     * @param stopping true once the process is shutting down: training stops after its current
     *                 step and a checkpoint, and the result is {@link Result#STOPPED}
     */
    public Result train(TrainingRequested request, BooleanSupplier stopping) {
        RunSpec spec = request.spec();
        String runId = request.runId();
        Optional<CloudEvent<TrainingCompleted>> earlier = request.force() ? Optional.empty()
                : runs.trainingCompleted(runId);
        if (earlier.isPresent()) {
            announceToSweep(earlier.get().data(), request.sweepId());
            observer.finished(runId, Result.ALREADY_COMPLETED, "already completed");
            return Result.ALREADY_COMPLETED;
        }
        long taken = System.nanoTime();
        Path runDir = workDir.resolve("runs").resolve(runId);
        Session session = new Session(request, runDir);
        try {
            if (request.force()) {
                runs.clearResults(runId);
            }
            runs.putSpec(spec);
            FewShotDataset data = datasets.load(spec);
            boolean sharesExtractor = spec.method() == Method.AMORTIZED_BNN;
            if (sharesExtractor) {
                // The engine pretrains the feature extractor on a miss; one in the bucket is a hit.
                extractors.pull(spec.dataset());
            }
            LocalFiles.deleteTree(runDir);
            restoreMetrics(runId, runDir);
            OptionalInt restored = runs.restore(runId, runDir.resolve("checkpoints"));
            observer.started(runId, spec.budget().steps(), restored.orElse(0));
            LOG.infof("run %s: %s (set-up %.1f s: dataset, extractor, checkpoints)", runId,
                    restored.isPresent() ? "resuming from step " + restored.getAsInt() : "starting from step 0",
                    (System.nanoTime() - taken) / 1e9);
            while (true) {
                MetaTrainer.Outcome outcome;
                long building = System.nanoTime();
                try (MetaTrainer trainer = new MetaTrainer(spec, data, runDir, extractors.store())) {
                    if (sharesExtractor) {
                        LOG.infof("run %s: learner ready in %.1f s (includes any feature-extractor pretraining)",
                                runId, (System.nanoTime() - building) / 1e9);
                        extractors.push(spec.dataset()); // a pretraining just done serves every later run
                        sharesExtractor = false;
                    }
                    session.lastCheckpointNanos = System.nanoTime(); // the interval counts training time only
                    outcome = trainer.train(session, () -> stopping.getAsBoolean() || session.checkpointDue());
                }
                if (outcome.finished()) {
                    complete(session, outcome);
                    observer.finished(runId, Result.COMPLETED, outcome.reason().toString());
                    LocalFiles.deleteTree(runDir);
                    return Result.COMPLETED;
                }
                if (stopping.getAsBoolean()) {
                    LOG.infof("run %s stopped at step %d for shutdown; checkpoint in the bucket", runId,
                            outcome.steps());
                    observer.finished(runId, Result.STOPPED, "stopped at step " + outcome.steps());
                    return Result.STOPPED;
                }
                // A timed checkpoint: the engine saved and we uploaded it; the next session resumes from it.
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
                throw e;
            }
            return fail(session, e);
        }
    }

    /**
     * A run id is content-derived, so a new sweep may ask for a run another sweep trained: that sweep
     * hears the earlier completion under its own id (and the evaluator passes it on). A replay from the
     * same sweep changes nothing.
     */
    private void announceToSweep(TrainingCompleted done, String sweepId) {
        if (done.sweepId().equals(sweepId)) {
            LOG.infof("run %s already completed: nothing to do", done.runId());
            return;
        }
        LOG.infof("run %s was completed for sweep %s: announcing it to sweep %s", done.runId(), done.sweepId(),
                sweepId);
        events.publish(CloudEvent.of(Sources.TRAINER, done.forSweep(sweepId)));
    }

    private void complete(Session session, MetaTrainer.Outcome outcome) {
        String runId = session.request.runId();
        Path checkpoints = session.runDir.resolve("checkpoints");
        runs.uploadCheckpoint(runId, outcome.finalCheckpoint());
        boolean hasBest = Files.isRegularFile(checkpoints.resolve("best.ckpt"));
        if (hasBest) {
            runs.uploadCheckpoint(runId, checkpoints.resolve("best.ckpt"));
        }
        Checkpoint.Header header;
        try (NDManager m = NDManager.newBaseManager()) {
            header = Checkpoint.load(outcome.finalCheckpoint(), m).header();
        }
        runs.putProvenance(header.provenance());
        Path metrics = session.runDir.resolve("metrics.jsonl");
        if (Files.isRegularFile(metrics)) {
            runs.putFile(ObjectKeys.metrics(runId), metrics);
        }
        StopReason stoppedBy = outcome.reason() == MetaTrainer.Outcome.Reason.WALL_CLOCK ? StopReason.WALL_CLOCK
                : StopReason.STEPS;
        Double best = Double.isNaN(header.bestValAccuracy()) ? null : header.bestValAccuracy();
        TrainingCompleted done = new TrainingCompleted(runId, session.request.sweepId(), session.request.spec(),
                (int) outcome.steps(), stoppedBy,
                hasBest ? RunStore.bestCheckpointPrefix(runId) : ObjectKeys.finalCheckpointPrefix(runId),
                header.trainSeconds(), best);
        CloudEvent<TrainingCompleted> event = CloudEvent.of(Sources.TRAINER, done);
        // Event first, marker second: a crash between them repeats the (idempotent) completion, never loses it.
        events.publish(event);
        runs.markTrainingCompleted(event);
        LOG.infof("run %s completed: %d steps in %.1f s, checkpoint %s", runId, outcome.steps(),
                header.trainSeconds(), done.checkpointKey());
    }

    private void restoreMetrics(String runId, Path runDir) {
        byte[] earlier = runs.getOrNull(ObjectKeys.metrics(runId));
        if (earlier != null) {
            try {
                Files.createDirectories(runDir);
                Files.write(runDir.resolve("metrics.jsonl"), earlier);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Result fail(Session session, Throwable e) {
        String runId = session.request.runId();
        boolean retryable = Failures.retryable(e);
        String reason = Failures.reason(e);
        LOG.errorf(e, "run %s failed (%s): %s", runId, retryable ? "retryable" : "not retryable", reason);
        Integer step = session.lastStep < 0 ? null : (int) session.lastStep;
        events.publish(CloudEvent.of(Sources.TRAINER, new TrainingFailed(runId, session.request.sweepId(),
                session.request.spec(), Stage.TRAINING, reason, retryable, step)));
        Result result = retryable ? Result.FAILED_RETRYABLE : Result.FAILED;
        observer.finished(runId, result, reason);
        return result;
    }

    /** Hears the engine: uploads checkpoints, publishes throttled progress, appends metrics. */
    private final class Session implements TrainingListener {
        final TrainingRequested request;
        final Path runDir;
        long lastStep = -1;
        long lastCheckpointNanos = System.nanoTime();
        long lastProgressNanos;
        Double validationAccuracy;

        Session(TrainingRequested request, Path runDir) {
            this.request = request;
            this.runDir = runDir;
        }

        boolean checkpointDue() {
            return System.nanoTime() - lastCheckpointNanos >= checkpointInterval.toNanos();
        }

        @Override
        public void onProgress(Progress p) {
            if (!Double.isFinite(p.loss())) {
                throw new IllegalStateException("loss diverged (" + p.loss() + ") at step " + p.step());
            }
            lastStep = p.step();
            observer.progress(request.runId(), p);
            appendMetrics(p);
            long now = System.nanoTime();
            if (now - lastProgressNanos < PROGRESS_GAP_NANOS && p.step() < p.totalSteps()) {
                return;
            }
            lastProgressNanos = now;
            try {
                events.publish(CloudEvent.of(Sources.TRAINER, new TrainingProgress(request.runId(), request.sweepId(),
                        Phase.TRAIN, (int) p.step(), (int) p.totalSteps(), p.loss(),
                        Math.max(0, Math.min(1, p.accuracy())), Math.max(0, p.episodesPerSecond()),
                        Math.max(0, p.etaSeconds()), validationAccuracy)));
            } catch (RuntimeException e) {
                // Progress is a heartbeat: a lost one must not cost the run.
                LOG.warnf("run %s: progress at step %d not published: %s", request.runId(), p.step(), e.getMessage());
            }
        }

        @Override
        public void onValidation(long step, double accuracy, boolean best) {
            validationAccuracy = accuracy;
            if (best) {
                runs.uploadCheckpoint(request.runId(), runDir.resolve("checkpoints").resolve("best.ckpt"));
            }
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            runs.uploadCheckpoint(request.runId(), file);
            Path metrics = runDir.resolve("metrics.jsonl");
            if (Files.isRegularFile(metrics)) {
                runs.putFile(ObjectKeys.metrics(request.runId()), metrics);
            }
            lastCheckpointNanos = System.nanoTime();
            lastStep = step;
            observer.checkpointed(request.runId(), step);
        }

        private void appendMetrics(Progress p) {
            String line = String.format(java.util.Locale.ROOT,
                    "{\"step\":%d,\"loss\":%.6g,\"accuracy\":%.6g,\"episodesPerSecond\":%.4g,\"lr\":%.6g,"
                            + "\"elapsedSeconds\":%.3f}%n",
                    p.step(), p.loss(), p.accuracy(), p.episodesPerSecond(), p.lr(), p.elapsedSeconds());
            try {
                Files.createDirectories(runDir);
                Files.writeString(runDir.resolve("metrics.jsonl"), line, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
