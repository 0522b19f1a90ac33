package io.fewshot.contracts.events;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.ObjectKeys;

/** The field checks that event records share; each failure names {@code Record.field}. */
final class Checks {
    private Checks() {
    }

    static String text(String owner, String field, String value) {
        ContractViolation.require(value != null && !value.isBlank(), owner, field, "must be set");
        return value;
    }

    /** An id that also names an S3 prefix (run, sweep, dataset): no slashes, no dots in front. */
    static String id(String owner, String field, String value) {
        text(owner, field, value);
        ContractViolation.require(ObjectKeys.isSafeSegment(value), owner, field,
                "'" + value + "' is not a safe key segment (" + ObjectKeys.SAFE_SEGMENT_RULE + ")");
        return value;
    }

    static void notNull(String owner, String field, Object value) {
        ContractViolation.require(value != null, owner, field, "must be set");
    }

    static void fraction(String owner, String field, double value) {
        ContractViolation.require(value >= 0 && value <= 1, owner, field,
                "must be a fraction in [0, 1], was " + value);
    }

    static void fraction(String owner, String field, Double value) {
        if (value != null) {
            fraction(owner, field, value.doubleValue());
        }
    }

    static void nonNegative(String owner, String field, double value) {
        ContractViolation.require(value >= 0 && Double.isFinite(value), owner, field,
                "must be finite and >= 0, was " + value);
    }

    static void finite(String owner, String field, double value) {
        ContractViolation.require(Double.isFinite(value), owner, field, "must be finite, was " + value);
    }

    static void positive(String owner, String field, long value) {
        ContractViolation.require(value > 0, owner, field, "must be positive, was " + value);
    }

    static void atLeastZero(String owner, String field, long value) {
        ContractViolation.require(value >= 0, owner, field, "must be >= 0, was " + value);
    }

    static void runIdMatchesSpec(String owner, String runId, io.fewshot.contracts.RunSpec spec) {
        notNull(owner, "spec", spec);
        String expected = spec.runId();
        ContractViolation.require(expected.equals(runId), owner, "runId",
                "'" + runId + "' does not match the spec, whose run id is '" + expected + "'");
    }

    static void under(String owner, String field, String key, String prefix) {
        text(owner, field, key);
        ContractViolation.require(key.startsWith(prefix) && key.length() > prefix.length(), owner, field,
                "'" + key + "' must lie under " + prefix);
    }
}
