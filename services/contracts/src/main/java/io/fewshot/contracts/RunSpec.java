package io.fewshot.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that determines one meta-training run: one cell of a sweep.
 *
 * <p>The run id is derived from the content alone (a hash of the canonical JSON), so the same
 * spec always names the same run: that is what makes training idempotent and resumable by id.
 *
 * @param dataset         dataset name, e.g. {@code omniglot} or {@code mini-imagenet}
 * @param split           class split, e.g. {@code vinyals}, {@code lake}, {@code ravi}
 * @param way             classes per test episode (N)
 * @param shot            labelled examples per class in the support set (K)
 * @param query           query examples per class
 * @param innerSteps      inner-loop SGD steps (MAML, Meta-SGD, amortized BNN); 0 for metric methods
 * @param innerLr         inner-loop learning rate (initial value for Meta-SGD)
 * @param hyperparameters method-specific settings (learning rate, meta-batch, train way, ...);
 *                        kept sorted so that the canonical JSON, and so the run id, is stable;
 *                        flat JSON scalars only (see {@link HyperValues}); may be absent in JSON
 */
public record RunSpec(
        String dataset,
        String split,
        Method method,
        int way,
        int shot,
        int query,
        int innerSteps,
        double innerLr,
        Budget budget,
        long seed,
        @Nullable Map<String, Object> hyperparameters) {

    public RunSpec {
        require(dataset != null && !dataset.isBlank(), "dataset", "must be set");
        // The dataset name starts the run id, which names an S3 prefix: it must be a safe key segment.
        require(ObjectKeys.isSafeSegment(dataset), "dataset",
                "'" + dataset + "' is not a safe key segment (" + ObjectKeys.SAFE_SEGMENT_RULE + ")");
        require(split != null && !split.isBlank(), "split", "must be set");
        require(method != null, "method", "must be set");
        require(way >= 2, "way", "must be >= 2, was " + way);
        require(shot >= 1, "shot", "must be >= 1, was " + shot);
        require(query >= 1, "query", "must be >= 1, was " + query);
        require(innerSteps >= 0, "innerSteps", "must be >= 0, was " + innerSteps);
        require(innerLr >= 0, "innerLr", "must be >= 0, was " + innerLr);
        require(budget != null, "budget", "must be set");
        hyperparameters = HyperValues.normalise(hyperparameters);
    }

    private static void require(boolean ok, String field, String message) {
        ContractViolation.require(ok, "RunSpec", field, message);
    }

    /** Reads a spec from JSON (e.g. {@code runs/<runId>/spec.json}); errors name the bad field. */
    public static RunSpec fromJson(String json) {
        return ContractJson.read(json, RunSpec.class);
    }

    /** The canonical JSON of this spec: sorted keys, no whitespace; what {@link #runId()} hashes. */
    public String toJson() {
        return CanonicalJson.write(this);
    }

    /** A readable, content-derived id: {@code omniglot-maml-5w1s-1a2b3c4d5e6f}. */
    @JsonIgnore
    public String runId() {
        String canonical = CanonicalJson.write(this);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest).substring(0, 12);
            return dataset + "-" + method.id() + "-" + way + "w" + shot + "s-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A method hyperparameter as a double, or the default when absent. */
    public double hyper(String key, double defaultValue) {
        Object v = hyperparameters.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw badHyper(key, "must be a number, was '" + v + "'");
        }
    }

    public int hyper(String key, int defaultValue) {
        double v = hyper(key, (double) defaultValue);
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw badHyper(key, "must be an integer, was " + v);
        }
        return (int) v;
    }

    public boolean hyper(String key, boolean defaultValue) {
        Object v = hyperparameters.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw badHyper(key, "must be true or false, was '" + v + "'");
    }

    private static ContractViolation badHyper(String key, String problem) {
        return new ContractViolation("RunSpec.hyperparameters." + key, problem);
    }

    public String hyper(String key, String defaultValue) {
        Object v = hyperparameters.get(key);
        return v == null ? defaultValue : v.toString();
    }

    /** A copy with one hyperparameter set (the run id changes with it). */
    public RunSpec withHyper(String key, Object value) {
        Map<String, Object> h = new TreeMap<>(hyperparameters);
        h.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return new RunSpec(dataset, split, method, way, shot, query, innerSteps, innerLr, budget, seed, h);
    }

    public RunSpec withBudget(Budget newBudget) {
        return new RunSpec(dataset, split, method, way, shot, query, innerSteps, innerLr, newBudget, seed,
                hyperparameters);
    }

    /** A copy with another training seed (the run id changes with it). */
    public RunSpec withSeed(long newSeed) {
        return new RunSpec(dataset, split, method, way, shot, query, innerSteps, innerLr, budget, newSeed,
                hyperparameters);
    }
}
