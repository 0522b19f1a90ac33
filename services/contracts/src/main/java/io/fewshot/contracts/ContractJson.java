package io.fewshot.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Type;

/**
 * The JSON of every contract: events, plans, run specs. Reading is a tolerant reader for what it
 * does not know (unknown fields are ignored) and strict about what it does: a required field that
 * is missing or null, or a value of the wrong JSON type (a string for an integer, 2.5 for an
 * integer), fails with a {@link ContractViolation} that names the field's path. Jackson alone would
 * silently give 0 for a missing int and coerce "5" to 5.
 */
public final class ContractJson {
    private static final ObjectMapper MAPPER = strictMapper();

    private ContractJson() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // No scalar of one JSON type is read as another: "5" is not 5, 1 is not true, 5 is not "5".
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer,
                CoercionInputShape.Float);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float);
        return mapper;
    }

    private static void refuse(JsonMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    public static <T> T read(String json, Class<T> type) {
        return convert(readTree(json), MAPPER.constructType(type), "");
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return read(new String(json, StandardCharsets.UTF_8), type);
    }

    /** Parses JSON text; a syntax error becomes a {@link ContractViolation} with the line and column. */
    public static JsonNode readTree(String json) {
        if (json == null || json.isBlank()) {
            throw new ContractViolation("(document)", "empty");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw JsonErrors.translate(e, null, "");
        }
    }

    /** The Jackson type of {@code raw<params...>}, e.g. {@code CloudEvent<TrainingCompleted>}. */
    public static JavaType type(Class<?> raw, Class<?>... params) {
        return params.length == 0 ? MAPPER.constructType(raw)
                : MAPPER.getTypeFactory().constructParametricType(raw, params);
    }

    public static JavaType type(Type type) {
        return MAPPER.constructType(type);
    }

    /**
     * Binds a parsed document to {@code type}: first every required field is checked to be present
     * (naming the first one missing), then Jackson binds with strict types and the records' own
     * validation runs; each failure is a {@link ContractViolation} located under {@code path}.
     */
    public static <T> T convert(JsonNode node, JavaType type, String path) {
        RequiredFields.check(node, type, path, MAPPER.getTypeFactory());
        try {
            return MAPPER.readerFor(type).readValue(MAPPER.treeAsTokens(node));
        } catch (IOException e) {
            throw JsonErrors.translate(e, node, path);
        }
    }
}
