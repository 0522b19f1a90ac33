package io.fewshot.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.fewshot.contracts.ContractJson;
import io.fewshot.contracts.ContractViolation;
import java.nio.charset.StandardCharsets;

/**
 * Events to and from their wire form, CloudEvents 1.0 structured JSON (UTF-8).
 *
 * <p>Decoding tolerates fields it does not know (a newer producer may add some) and refuses
 * everything else with a {@link ContractViolation} naming the field: a required field missing or
 * null ({@code data.spec.way: missing}), a value of the wrong type ({@code data.step: expected an
 * integer, was string "5"}), a value its record refuses ({@code data.accuracy: must be a fraction in
 * [0, 1], was 1.3}), another {@code specversion}, or another event's {@code type}. A consumer sends
 * such a message to its topic's {@code .dlq} twin.
 */
public final class EventCodec {
    private EventCodec() {
    }

    public static byte[] encode(CloudEvent<?> event) {
        return ContractJson.writeBytes(event);
    }

    public static String encodeToString(CloudEvent<?> event) {
        return ContractJson.write(event);
    }

    public static <T extends EventData> CloudEvent<T> decode(byte[] json, Class<T> dataClass) {
        return decode(utf8(json), dataClass);
    }

    /** Decodes an event whose payload must be {@code dataClass}. */
    public static <T extends EventData> CloudEvent<T> decode(String json, Class<T> dataClass) {
        JsonNode root = envelope(json);
        String expected = EventKind.of(dataClass).type();
        JsonNode type = root.get("type");
        if (type != null && type.isTextual() && !type.asText().equals(expected)) {
            throw new ContractViolation("type", "expected " + expected + ", was " + type.asText());
        }
        return ContractJson.convert(root, ContractJson.type(CloudEvent.class, dataClass), "");
    }

    /** Decodes an event of any of the eight kinds, chosen by its {@code type}. */
    public static CloudEvent<? extends EventData> decodeAny(String json) {
        JsonNode root = envelope(json);
        JsonNode type = root.get("type");
        if (type == null || type.isNull()) {
            throw new ContractViolation("type", "missing");
        }
        if (!type.isTextual()) {
            throw new ContractViolation("type", "expected a string, was " + type.getNodeType().toString().toLowerCase());
        }
        EventKind kind;
        try {
            kind = EventKind.ofType(type.asText());
        } catch (IllegalArgumentException e) {
            throw new ContractViolation("type", e.getMessage());
        }
        return ContractJson.convert(root, ContractJson.type(CloudEvent.class, kind.dataClass()), "");
    }

    public static CloudEvent<? extends EventData> decodeAny(byte[] json) {
        return decodeAny(utf8(json));
    }

    private static JsonNode envelope(String json) {
        JsonNode root = ContractJson.readTree(json);
        if (!root.isObject()) {
            throw new ContractViolation("(document)", "expected a JSON object (a CloudEvent), was "
                    + root.getNodeType().toString().toLowerCase());
        }
        JsonNode version = root.get("specversion");
        if (version != null && version.isTextual() && !version.asText().equals(CloudEvent.SPEC_VERSION)) {
            throw new ContractViolation("specversion", "expected " + CloudEvent.SPEC_VERSION + ", was "
                    + version.asText());
        }
        return root;
    }

    private static String utf8(byte[] json) {
        if (json == null) {
            throw new ContractViolation("(document)", "empty");
        }
        return new String(json, StandardCharsets.UTF_8);
    }
}
