package io.fewshot.contracts;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@link RunSpec#hyperparameters()} to flat JSON scalars in one canonical Java type each
 * (String, Boolean, Integer, Long beyond int range, Double), so that a spec read back from JSON is
 * {@code equals} to the one written, and its canonical JSON (hence its run id) cannot drift.
 */
final class HyperValues {
    private HyperValues() {
    }

    static Map<String, Object> normalise(Map<String, Object> raw) {
        Map<String, Object> out = new TreeMap<>();
        if (raw != null) {
            raw.forEach((key, value) -> {
                ContractViolation.require(key != null && !key.isBlank(), "RunSpec", "hyperparameters",
                        "keys must be non-blank");
                out.put(key, scalar(key, value));
            });
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object scalar(String key, Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Integer) {
            return v;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Long l) {
            // Jackson reads small integers back as Integer; store them that way from the start.
            return l == l.intValue() ? (Object) l.intValue() : l;
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw bad(key, "must be a finite number, was " + d);
            }
            return d;
        }
        if (v instanceof Float) {
            throw bad(key, "is a float; use a double so that its JSON form is exact");
        }
        throw bad(key, "must be a string, boolean, integer or double, was "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    private static ContractViolation bad(String key, String problem) {
        return new ContractViolation("RunSpec.hyperparameters." + key, problem);
    }
}
