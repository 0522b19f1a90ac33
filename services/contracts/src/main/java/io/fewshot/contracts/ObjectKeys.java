package io.fewshot.contracts;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object layout in the one bucket (default {@value #DEFAULT_BUCKET}). Every key any service
 * reads or writes is built here, from ids that are checked to stay inside their prefix: an id with
 * a slash, a leading dot ({@code ..}, {@code .staging}), a backslash or any other odd character is
 * refused, so no caller can write outside its own prefix or into another dataset's staging area.
 *
 * <pre>
 * datasets/&lt;name&gt;/&lt;version&gt;/manifest.json     written LAST: its presence is the commit
 * datasets/&lt;name&gt;/&lt;version&gt;/shards/...
 * datasets/&lt;name&gt;/.staging/&lt;uploadId&gt;/...      never read by consumers; cleaned on failure
 * models/feature-extractors/&lt;dataset&gt;/&lt;version&gt;/...
 * runs/&lt;runId&gt;/spec.json, metrics.jsonl, eval.json, provenance.json
 * runs/&lt;runId&gt;/checkpoints/step-&lt;n&gt;/...        n zero-padded to 8 digits so listings sort by step
 * runs/&lt;runId&gt;/checkpoints/final/...
 * sweeps/&lt;sweepId&gt;/plan.json, table.md, table.csv, table.html
 * </pre>
 * Prefixes end with {@code /}; object keys do not.
 */
public final class ObjectKeys {
    public static final String DEFAULT_BUCKET = "fewshot";

    /** The rule every id in a key follows, for error messages. */
    public static final String SAFE_SEGMENT_RULE = "1-128 of letters, digits, '.', '_', '-', starting with a letter"
            + " or digit; no '/' and no '..'";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern CHECKPOINT = Pattern.compile("^runs/[^/]+/checkpoints/step-(\\d{1,10})/");

    /** The three renderings of a sweep's result table. */
    public enum TableFormat {
        MD, CSV, HTML;

        public String extension() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ObjectKeys() {
    }

    // --- datasets -------------------------------------------------------------------------------

    public static String datasetPrefix(String name, String version) {
        return "datasets/" + segment("dataset name", name) + "/" + segment("dataset version", version) + "/";
    }

    public static String datasetManifest(String name, String version) {
        return datasetPrefix(name, version) + "manifest.json";
    }

    /** A shard under the dataset version, e.g. {@code shard("omniglot", "v1", "train/000.bin")}. */
    public static String datasetShard(String name, String version, String relativePath) {
        return datasetPrefix(name, version) + "shards/" + relative("shard path", relativePath);
    }

    public static String stagingPrefix(String name, String uploadId) {
        return "datasets/" + segment("dataset name", name) + "/.staging/" + segment("upload id", uploadId) + "/";
    }

    public static String stagingObject(String name, String uploadId, String relativePath) {
        return stagingPrefix(name, uploadId) + relative("staging path", relativePath);
    }

    // --- models ---------------------------------------------------------------------------------

    public static String featureExtractorPrefix(String dataset, String version) {
        return "models/feature-extractors/" + segment("dataset name", dataset) + "/"
                + segment("feature extractor version", version) + "/";
    }

    public static String featureExtractor(String dataset, String version, String relativePath) {
        return featureExtractorPrefix(dataset, version) + relative("feature extractor path", relativePath);
    }

    // --- runs -----------------------------------------------------------------------------------

    public static String runPrefix(String runId) {
        return "runs/" + segment("run id", runId) + "/";
    }

    public static String runSpec(String runId) {
        return runPrefix(runId) + "spec.json";
    }

    public static String checkpointsPrefix(String runId) {
        return runPrefix(runId) + "checkpoints/";
    }

    /** The prefix under which the checkpoint taken after {@code step} steps is stored. */
    public static String checkpointPrefix(String runId, int step) {
        if (step < 0) {
            throw new ContractViolation("checkpoint step", "must be >= 0, was " + step);
        }
        return checkpointsPrefix(runId) + String.format("step-%08d/", step);
    }

    public static String finalCheckpointPrefix(String runId) {
        return checkpointsPrefix(runId) + "final/";
    }

    /** The best-on-validation checkpoint, which evaluation prefers when validation ran. */
    public static String bestCheckpointPrefix(String runId) {
        return checkpointsPrefix(runId) + "best/";
    }

    /** Written after fsl.training.completed.v1 was acknowledged: the trainer's idempotency marker. */
    public static String trainingCompletedMarker(String runId) {
        return runPrefix(runId) + "training-completed.json";
    }

    /** Written after fsl.evaluation.completed.v1 was acknowledged: the evaluator's idempotency marker. */
    public static String evaluationCompletedMarker(String runId) {
        return runPrefix(runId) + "evaluation-completed.json";
    }

    /** The step of a key under {@code runs/<id>/checkpoints/step-<n>/}, or empty for any other key. */
    public static OptionalInt checkpointStep(String key) {
        Matcher m = CHECKPOINT.matcher(key);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        long step = Long.parseLong(m.group(1));
        return step > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) step);
    }

    public static String metrics(String runId) {
        return runPrefix(runId) + "metrics.jsonl";
    }

    public static String evaluation(String runId) {
        return runPrefix(runId) + "eval.json";
    }

    public static String provenance(String runId) {
        return runPrefix(runId) + "provenance.json";
    }

    // --- sweeps ---------------------------------------------------------------------------------

    public static String sweepPrefix(String sweepId) {
        return "sweeps/" + segment("sweep id", sweepId) + "/";
    }

    public static String sweepPlan(String sweepId) {
        return sweepPrefix(sweepId) + "plan.json";
    }

    public static String sweepTable(String sweepId, TableFormat format) {
        return sweepPrefix(sweepId) + "table." + format.extension();
    }

    // --- checks ---------------------------------------------------------------------------------

    public static boolean isSafeSegment(String value) {
        return value != null && SEGMENT.matcher(value).matches() && !value.contains("..");
    }

    /** Checks one path segment: letters, digits, '.', '_', '-', starting with a letter or digit. */
    public static String segment(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new ContractViolation(what, "must not be empty");
        }
        if (!isSafeSegment(value)) {
            throw new ContractViolation(what, "'" + value + "' is not a safe key segment (" + SAFE_SEGMENT_RULE + ")");
        }
        return value;
    }

    /** Checks a relative path: one or more safe segments joined by single slashes. */
    public static String relative(String what, String path) {
        if (path == null || path.isEmpty()) {
            throw new ContractViolation(what, "must not be empty");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty()) {
                throw new ContractViolation(what, "'" + path + "' has an empty segment (a leading, trailing or double '/')");
            }
            segment(what, part);
        }
        return path;
    }
}
