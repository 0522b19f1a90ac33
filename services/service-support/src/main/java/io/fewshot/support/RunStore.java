package io.fewshot.support;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ml.Provenance;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.EventData;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.platform.s3.S3Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's objects in the bucket ({@code runs/<runId>/...}): its spec, its checkpoints (one engine
 * checkpoint file under each checkpoint prefix), eval.json, metrics, and the two completion markers.
 *
 * <p>A marker is the completion event itself, written after the event was acknowledged by Kafka:
 * its presence is what makes a replayed request or completion change nothing.
 */
public final class RunStore {
    /** The one object under each checkpoint prefix. */
    public static final String CHECKPOINT_OBJECT = "checkpoint.ckpt";
    private static final Pattern STEP_FILE = Pattern.compile("step-(\\d+)\\.ckpt");
    private static final int KEEP_STEPS = 2;

    private final S3Store s3;

    public RunStore(S3Store s3) {
        this.s3 = s3;
    }

    public S3Store s3() {
        return s3;
    }

    public void putSpec(RunSpec spec) {
        s3.putBytes(ObjectKeys.runSpec(spec.runId()), spec.toJson().getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    /** {@code runs/<runId>/provenance.json}: what produced the run's model, from which it can be rebuilt. */
    public void putProvenance(Provenance provenance) {
        s3.putBytes(ObjectKeys.provenance(provenance.runId()), provenance.toJson().getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    public static String bestCheckpointPrefix(String runId) {
        return ObjectKeys.bestCheckpointPrefix(runId);
    }

    /**
     * Uploads an engine checkpoint file ({@code step-<n>.ckpt}, {@code best.ckpt}, {@code final.ckpt})
     * under its prefix; after a step checkpoint, step checkpoints older than the newest two are removed.
     *
     * @return the prefix it was stored under
     */
    public String uploadCheckpoint(String runId, Path file) {
        String name = file.getFileName().toString();
        Matcher m = STEP_FILE.matcher(name);
        String prefix;
        if (m.matches()) {
            prefix = ObjectKeys.checkpointPrefix(runId, Integer.parseInt(m.group(1)));
        } else if (name.equals("best.ckpt")) {
            prefix = bestCheckpointPrefix(runId);
        } else if (name.equals("final.ckpt")) {
            prefix = ObjectKeys.finalCheckpointPrefix(runId);
        } else {
            throw new IllegalArgumentException(file + " is not an engine checkpoint (step-<n>.ckpt, best.ckpt, final.ckpt)");
        }
        s3.putFile(prefix + CHECKPOINT_OBJECT, file);
        if (m.matches()) {
            pruneSteps(runId);
        }
        return prefix;
    }

    /** Step numbers of the run's step checkpoints in the bucket, ascending. */
    public TreeSet<Integer> steps(String runId) {
        TreeSet<Integer> steps = new TreeSet<>();
        for (String key : s3.list(ObjectKeys.checkpointsPrefix(runId))) {
            OptionalInt step = ObjectKeys.checkpointStep(key);
            if (step.isPresent() && key.endsWith("/" + CHECKPOINT_OBJECT)) {
                steps.add(step.getAsInt());
            }
        }
        return steps;
    }

    /**
     * Puts the run's newest step checkpoint (and its best one, which resumed validation compares
     * against) into the engine's checkpoint folder, so that the engine resumes from it.
     *
     * @return the step restored, if the run has a step checkpoint
     */
    public OptionalInt restore(String runId, Path checkpointsDir) {
        TreeSet<Integer> steps = steps(runId);
        if (steps.isEmpty()) {
            return OptionalInt.empty();
        }
        int step = steps.last();
        s3.download(ObjectKeys.checkpointPrefix(runId, step) + CHECKPOINT_OBJECT,
                checkpointsDir.resolve("step-" + step + ".ckpt"));
        String best = bestCheckpointPrefix(runId) + CHECKPOINT_OBJECT;
        if (s3.exists(best)) {
            s3.download(best, checkpointsDir.resolve("best.ckpt"));
        }
        return OptionalInt.of(step);
    }

    /**
     * Downloads the checkpoint under {@code prefix} into the engine's checkpoint folder under the
     * name the engine evaluates ({@code best.ckpt} or {@code final.ckpt}).
     */
    public Path downloadForEvaluation(String runId, String prefix, Path checkpointsDir) {
        String name;
        if (prefix.equals(bestCheckpointPrefix(runId))) {
            name = "best.ckpt";
        } else if (prefix.equals(ObjectKeys.finalCheckpointPrefix(runId))) {
            name = "final.ckpt";
        } else {
            throw new IllegalArgumentException("checkpoint " + prefix + " is neither the best nor the final one of run "
                    + runId);
        }
        Path file = checkpointsDir.resolve(name);
        s3.download(prefix + CHECKPOINT_OBJECT, file);
        return file;
    }

    public void putFile(String key, Path file) {
        s3.putFile(key, file);
    }

    public byte[] getOrNull(String key) {
        return s3.getBytesOrNull(key);
    }

    /** Removes everything of the run except its spec and who evaluates it: a forced run starts from nothing. */
    public void clearResults(String runId) {
        for (String key : s3.list(ObjectKeys.runPrefix(runId))) {
            if (!key.equals(ObjectKeys.runSpec(runId)) && !key.equals(stepEvaluationMarker(runId))) {
                s3.deletePrefix(key);
            }
        }
    }

    // --- completion markers -----------------------------------------------------------------------

    public static String trainingMarker(String runId) {
        return ObjectKeys.trainingCompletedMarker(runId);
    }

    public static String evaluationMarker(String runId) {
        return ObjectKeys.evaluationCompletedMarker(runId);
    }

    public Optional<CloudEvent<TrainingCompleted>> trainingCompleted(String runId) {
        return marker(trainingMarker(runId), TrainingCompleted.class);
    }

    public Optional<CloudEvent<EvaluationCompleted>> evaluationCompleted(String runId) {
        return marker(evaluationMarker(runId), EvaluationCompleted.class);
    }

    /**
     * Marks the run as evaluated by a workflow step of {@code sweepId} (the Argo path): written before
     * the run's completion is published, so an evaluator service that hears that completion leaves the
     * run to the step instead of evaluating it a second time.
     */
    public void markEvaluatedByStep(String runId, String sweepId) {
        s3.putBytes(stepEvaluationMarker(runId), sweepId.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    /** The sweep whose workflow step evaluates the run, if one claimed it. */
    public Optional<String> evaluatedByStepOf(String runId) {
        byte[] bytes = s3.getBytesOrNull(stepEvaluationMarker(runId));
        return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8).strip());
    }

    static String stepEvaluationMarker(String runId) {
        return ObjectKeys.runPrefix(runId) + "evaluated-by-step";
    }

    public void markTrainingCompleted(CloudEvent<TrainingCompleted> event) {
        putMarker(trainingMarker(event.subject()), event);
    }

    public void markEvaluationCompleted(CloudEvent<EvaluationCompleted> event) {
        putMarker(evaluationMarker(event.subject()), event);
    }

    private void putMarker(String key, CloudEvent<?> event) {
        s3.putBytes(key, EventCodec.encode(event), "application/cloudevents+json");
    }

    private <T extends EventData> Optional<CloudEvent<T>> marker(String key, Class<T> type) {
        byte[] bytes = s3.getBytesOrNull(key);
        return bytes == null ? Optional.empty() : Optional.of(EventCodec.decode(bytes, type));
    }

    private void pruneSteps(String runId) {
        List<Integer> steps = List.copyOf(steps(runId));
        for (int i = 0; i < steps.size() - KEEP_STEPS; i++) {
            s3.deletePrefix(ObjectKeys.checkpointPrefix(runId, steps.get(i)));
        }
    }
}
