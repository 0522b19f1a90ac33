package io.fewshot.contracts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions into {@link ContractViolation}s that name the field and say what was expected. */
final class JsonErrors {
    private static final String DOCUMENT = "(document)";

    private JsonErrors() {
    }

    static ContractViolation translate(IOException e, JsonNode root, String basePath) {
        if (e instanceof JsonMappingException m) {
            return translateMapping(m, root, basePath);
        }
        if (e instanceof JsonProcessingException p) {
            JsonLocation at = p.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new ContractViolation(DOCUMENT, "malformed JSON" + where + ": " + p.getOriginalMessage(), e);
        }
        return new ContractViolation(DOCUMENT, String.valueOf(e.getMessage()), e);
    }

    private static ContractViolation translateMapping(JsonMappingException e, JsonNode root, String basePath) {
        String path = basePath;
        for (JsonMappingException.Reference ref : e.getPath()) {
            path = ref.getFieldName() != null ? RequiredFields.join(path, ref.getFieldName())
                    : path + "[" + ref.getIndex() + "]";
        }
        String located = path.isEmpty() ? DOCUMENT : path;
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ContractViolation v) {
                return v.at(path);
            }
            if (c instanceof IllegalArgumentException && !(c instanceof JsonProcessingException)) {
                return new ContractViolation(located, c.getMessage(), e);
            }
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            JsonNode actual = root == null ? null : nodeAt(root, e.getPath());
            return new ContractViolation(located, "expected " + describe(mi.getTargetType())
                    + (actual == null ? "" : ", was " + describe(actual)), e);
        }
        return new ContractViolation(located, e.getOriginalMessage(), e);
    }

    private static JsonNode nodeAt(JsonNode root, List<JsonMappingException.Reference> refs) {
        JsonNode node = root;
        for (JsonMappingException.Reference ref : refs) {
            if (node == null) {
                return null;
            }
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    private static String describe(Class<?> t) {
        if (t == int.class || t == long.class || t == short.class || t == Integer.class || t == Long.class
                || t == Short.class) {
            return "an integer";
        }
        if (t == double.class || t == float.class || Number.class.isAssignableFrom(t)) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(t)) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(t)) {
            return "an RFC 3339 timestamp such as 2026-01-31T12:00:00Z";
        }
        if (t.isEnum()) {
            return "one of " + Arrays.stream(t.getEnumConstants()).map(ContractJson::write)
                    .collect(Collectors.joining(", "));
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        return Map.class.isAssignableFrom(t) || t.isRecord() ? "an object" : t.getSimpleName();
    }

    private static String describe(JsonNode n) {
        if (n.isTextual()) {
            String s = n.asText();
            return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (n.isNumber()) {
            return "number " + n.asText();
        }
        if (n.isBoolean()) {
            return n.asText();
        }
        return n.isArray() ? "an array" : n.isObject() ? "an object" : n.getNodeType().toString().toLowerCase();
    }
}
