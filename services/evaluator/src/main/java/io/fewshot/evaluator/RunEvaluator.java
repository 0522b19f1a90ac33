package io.fewshot.evaluator;

import io.fewshot.contracts.LocalFiles;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.ProgressLines;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.Stage;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.eval.Calibration;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.train.RunEvaluation;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.Failures;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One completed run, evaluated: the checkpoint the trainer named is fetched, evaluated on the
 * test pool under the test protocol (the spec's {@code testEpisodes}, 1000 by default, at the
 * engine's fixed test seed, with the 95% CI and calibration), eval.json is stored, then
 * {@code fsl.evaluation.completed.v1} is published and the marker written. A run with a marker is
 * not evaluated again; a failure goes to {@code fsl.training.failed.v1} with stage evaluation.
 */
public final class RunEvaluator {
    private static final Logger LOG = Logger.getLogger(RunEvaluator.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    /** How a completion ended here. */
    public enum Result {
        EVALUATED, ALREADY_EVALUATED, FAILED_RETRYABLE, FAILED
    }

    /** Hears about evaluations (metrics, status). */
    public interface Observer {
        void started(String runId);

        void finished(String runId, Result result, EvaluationResult evaluation, String detail);
    }

    private final RunStore runs;
    private final DatasetCache datasets;
    private final EventPublisher events;
    private final FeatureExtractorMirror extractors;
    private final Path workDir;
    private final Observer observer;

    public RunEvaluator(RunStore runs, DatasetCache datasets, EventPublisher events, FeatureExtractorMirror extractors,
            Path workDir, Observer observer) {
        this.runs = runs;
        this.datasets = datasets;
        this.events = events;
        this.extractors = extractors;
        this.workDir = workDir;
        this.observer = observer;
    }

    public Result evaluate(TrainingCompleted completed) {
        String runId = completed.runId();
        Optional<CloudEvent<EvaluationCompleted>> earlier = runs.evaluationCompleted(runId);
        if (earlier.isPresent()) {
            announceToSweep(earlier.get().data(), completed.sweepId());
            observer.finished(runId, Result.ALREADY_EVALUATED, null, "already evaluated");
            return Result.ALREADY_EVALUATED;
        }
        observer.started(runId);
        Path runDir = workDir.resolve("runs").resolve(runId);
        RunSpec spec = completed.spec();
        try {
            LocalFiles.deleteTree(runDir);
            FewShotDataset data = datasets.load(spec);
            if (spec.method() == Method.AMORTIZED_BNN) {
                extractors.pull(spec.dataset());
            }
            runs.downloadForEvaluation(runId, completed.checkpointKey(), runDir.resolve("checkpoints"));
            // A miniImageNet evaluation takes minutes: the log says how far it is, a line every few seconds.
            EvaluationResult r = RunEvaluation.evaluate(spec, data, runDir, extractors.store(),
                    ProgressLines.every(PROGRESS_EVERY, "evaluating " + runId,
                            TrainingSettings.from(spec).testEpisodes(), line -> LOG.info(line)));
            runs.putFile(ObjectKeys.evaluation(runId), runDir.resolve("eval.json"));
            Calibration.Summary c = r.calibration();
            CloudEvent<EvaluationCompleted> event = CloudEvent.of(Sources.EVALUATOR, new EvaluationCompleted(runId,
                    completed.sweepId(), spec, r.episodes(), r.accuracy(), r.ci95(), c.ece(), c.mce(), c.nll(),
                    c.brier(), c.bins(), ObjectKeys.evaluation(runId)));
            // Event first, marker second: a crash between them repeats the evaluation, never loses it.
            events.publish(event);
            runs.markEvaluationCompleted(event);
            LOG.infof("run %s evaluated in %.1f s: %s", runId, r.seconds(), r.headline());
            observer.finished(runId, Result.EVALUATED, r, r.headline());
            LocalFiles.deleteTree(runDir);
            return Result.EVALUATED;
        } catch (RuntimeException e) {
            boolean retryable = Failures.retryable(e);
            String reason = Failures.reason(e);
            LOG.errorf(e, "evaluation of %s failed (%s): %s", runId, retryable ? "retryable" : "not retryable", reason);
            events.publish(CloudEvent.of(Sources.EVALUATOR, new TrainingFailed(runId, completed.sweepId(), spec,
                    Stage.EVALUATION, reason, retryable, completed.steps())));
            Result result = retryable ? Result.FAILED_RETRYABLE : Result.FAILED;
            observer.finished(runId, result, null, reason);
            return result;
        }
    }

    /** Another sweep asked for a run evaluated before: it hears the earlier result under its own id. */
    private void announceToSweep(EvaluationCompleted result, String sweepId) {
        if (result.sweepId().equals(sweepId)) {
            LOG.infof("run %s already evaluated: nothing to do", result.runId());
            return;
        }
        LOG.infof("run %s was evaluated for sweep %s: announcing it to sweep %s", result.runId(), result.sweepId(),
                sweepId);
        events.publish(CloudEvent.of(Sources.EVALUATOR, result.forSweep(sweepId)));
    }
}
