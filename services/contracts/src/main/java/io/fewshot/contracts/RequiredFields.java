package io.fewshot.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * Checks that a JSON document has every component of the record it is to become, recursively,
 * before Jackson binds it (Jackson would give 0, false or null for an absent field). A component
 * marked {@link Nullable} may be absent. Type errors are left to Jackson, which reports them with
 * the same paths.
 */
final class RequiredFields {
    private RequiredFields() {
    }

    static void check(JsonNode node, JavaType type, String path, TypeFactory types) {
        if (node == null || node.isNull()) {
            return;
        }
        Class<?> raw = type.getRawClass();
        if (raw.isRecord() && node.isObject()) {
            checkRecord(node, type, path, types);
        } else if ((type.isCollectionLikeType() || type.isArrayType()) && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                element(node.get(i), type.getContentType(), path + "[" + i + "]", types);
            }
        } else if (type.isMapLikeType() && node.isObject() && type.getContentType().getRawClass() != Object.class) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                element(e.getValue(), type.getContentType(), join(path, e.getKey()), types);
            }
        }
    }

    private static void checkRecord(JsonNode node, JavaType type, String path, TypeFactory types) {
        for (RecordComponent rc : type.getRawClass().getRecordComponents()) {
            if (rc.isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            String name = jsonName(rc);
            String childPath = join(path, name);
            JsonNode child = node.get(name);
            if (child == null || child.isNull()) {
                if (!rc.isAnnotationPresent(Nullable.class)) {
                    throw new ContractViolation(childPath, child == null ? "missing" : "must not be null");
                }
                continue;
            }
            check(child, types.resolveMemberType(rc.getGenericType(), type.getBindings()), childPath, types);
        }
    }

    private static void element(JsonNode value, JavaType type, String path, TypeFactory types) {
        if (value == null || value.isNull()) {
            throw new ContractViolation(path, "must not be null");
        }
        check(value, type, path, types);
    }

    private static String jsonName(RecordComponent rc) {
        JsonProperty p = rc.getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : rc.getName();
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
