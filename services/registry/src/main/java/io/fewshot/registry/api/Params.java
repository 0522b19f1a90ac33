package io.fewshot.registry.api;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunStatus;
import io.fewshot.rest.ApiException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Query and path parameters, read as text and checked here, so that every bad value gets a 400
 * that names the parameter (JAX-RS' own conversion would answer 404 for a bad query number).
 */
final class Params {
    private Params() {
    }

    /** A run, sweep or dataset id; null when absent. */
    static String id(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!ObjectKeys.isSafeSegment(value)) {
            throw ApiException.badRequest(name + ": '" + clip(value) + "' is not a valid id ("
                    + ObjectKeys.SAFE_SEGMENT_RULE + ")");
        }
        return value;
    }

    static String requiredId(String name, String value) {
        String id = id(name, value);
        if (id == null) {
            throw ApiException.badRequest(name + ": must be set");
        }
        return id;
    }

    static String method(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (Method m : Method.values()) {
            if (m.id().equals(value)) {
                return value;
            }
        }
        throw ApiException.badRequest("method: '" + clip(value) + "' is not a method; expected one of "
                + Arrays.stream(Method.values()).map(Method::id).collect(Collectors.joining(", ")));
    }

    static String status(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return RunStatus.find(value).map(RunStatus::id).orElseThrow(() -> ApiException.badRequest("status: '"
                + clip(value) + "' is not a run status; expected one of "
                + Arrays.stream(RunStatus.values()).map(RunStatus::id).collect(Collectors.joining(", "))));
    }

    /** An integer in [min, max], or the default when absent; null default means optional. */
    static Integer integer(String name, String value, Integer defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": expected an integer in [" + min + ", " + max + "], was '"
                    + clip(value) + "'");
        }
        if (n < min || n > max) {
            throw ApiException.badRequest(name + ": must be in [" + min + ", " + max + "], was " + n);
        }
        return n;
    }

    /** Long or odd input is shortened before it is echoed in an error. */
    private static String clip(String s) {
        String printable = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }
}
