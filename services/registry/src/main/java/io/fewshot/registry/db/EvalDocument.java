package io.fewshot.registry.db;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the registry takes from {@code runs/<runId>/eval.json}, the evaluator's full result: the
 * reliability diagram ({@code result.calibration.reliability}) and the provenance. The event
 * carries the headline numbers; this file carries what is too big for an event.
 *
 * @param provenanceJson the {@code provenance} object as JSON, or null when eval.json had none
 */
public record EvalDocument(List<Bin> bins, String provenanceJson) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** One reliability-diagram bar; an empty bin ({@code count} 0) has no confidence or accuracy. */
    public record Bin(double lower, double upper, long count, Double confidence, Double accuracy) {
    }

    public static EvalDocument missing() {
        return new EvalDocument(List.of(), null);
    }

    /**
     * Parses eval.json; an error names the field (the whole message then goes to the DLQ, since a
     * malformed result must not be stored half).
     */
    public static EvalDocument parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("eval.json is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("eval.json: expected a JSON object");
        }
        List<Bin> bins = new ArrayList<>();
        JsonNode reliability = root.path("result").path("calibration").path("reliability");
        if (!reliability.isMissingNode() && !reliability.isArray()) {
            throw new IllegalArgumentException("eval.json result.calibration.reliability: expected an array");
        }
        for (int i = 0; i < reliability.size(); i++) {
            JsonNode b = reliability.get(i);
            String at = "eval.json result.calibration.reliability[" + i + "]";
            long count = count(b, at);
            // The engine writes NaN (as "NaN") for the mean confidence and accuracy of an empty bin.
            bins.add(new Bin(fraction(b, "lower", at), fraction(b, "upper", at), count,
                    count == 0 ? null : fraction(b, "confidence", at), count == 0 ? null : fraction(b, "accuracy", at)));
        }
        JsonNode provenance = root.get("provenance");
        return new EvalDocument(List.copyOf(bins),
                provenance == null || provenance.isNull() ? null : provenance.toString());
    }

    private static double fraction(JsonNode bin, String field, String at) {
        JsonNode v = bin.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(at + "." + field + ": expected a number");
        }
        double d = v.asDouble();
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException(at + "." + field + ": must be a fraction in [0, 1], was " + d);
        }
        return d;
    }

    private static long count(JsonNode bin, String at) {
        JsonNode v = bin.get("count");
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException(at + ".count: expected a non-negative integer");
        }
        return v.asLong();
    }
}
