package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Makes a Kubernetes-style schema reject unknown fields, as the API server's strict field
 * validation does: every object schema that lists its properties gets
 * {@code additionalProperties: false}.
 *
 * <p>Left open on purpose: schemas that already say what extra keys may hold (maps such as labels
 * or resource limits), those marked {@code x-kubernetes-preserve-unknown-fields} (free-form
 * configuration such as a KafkaTopic's {@code config}), and property lists without
 * {@code type: object} — in these schemas those are the branches of a oneOf/anyOf, which only say
 * which fields must appear together and must not forbid the others.
 *
 * <p>Only schema positions are visited (property values, items, combinators, definitions), so a
 * field that happens to be called "properties" is never mistaken for a keyword.
 */
public final class StrictSchema {

    private StrictSchema() {
    }

    /** A strict deep copy of {@code schema}; the argument is not changed. */
    public static JsonNode strict(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        tighten(copy);
        return copy;
    }

    /** Tightens every schema in a map of named schemas (components.schemas, definitions). */
    public static JsonNode strictMap(JsonNode namedSchemas) {
        JsonNode copy = namedSchemas.deepCopy();
        copy.forEach(StrictSchema::tighten);
        return copy;
    }

    private static void tighten(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        boolean listsProperties = schema.has("properties");
        boolean isObject = "object".equals(schema.path("type").asText());
        boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (listsProperties && isObject && !preserves && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            JsonNode value = keyword.getValue();
            switch (keyword.getKey()) {
                case "properties", "definitions", "patternProperties" -> value.forEach(StrictSchema::tighten);
                case "items", "additionalProperties", "not" -> {
                    if (value.isArray()) {
                        value.forEach(StrictSchema::tighten);
                    } else {
                        tighten(value);
                    }
                }
                case "allOf", "anyOf", "oneOf" -> value.forEach(StrictSchema::tighten);
                default -> {
                    // descriptions, enums, defaults, examples and extensions are data, not schemas
                }
            }
        }
    }
}
