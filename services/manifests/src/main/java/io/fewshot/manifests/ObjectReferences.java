package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-object references that only a running cluster would otherwise catch (as a pod stuck in
 * CreateContainerConfigError): every ConfigMap and Secret a pod, a step or the artifact
 * repository names exists, with the key it names, and every serviceAccountName exists.
 */
public final class ObjectReferences {

    private final Map<String, Set<String>> configMapKeys = new HashMap<>();
    private final Map<String, Set<String>> secretKeys = new HashMap<>();
    private final Set<String> serviceAccounts = new HashSet<>();

    /** Indexes the ConfigMaps, Secrets and ServiceAccounts of a rendered overlay. */
    public ObjectReferences(List<JsonNode> objects) {
        for (JsonNode o : objects) {
            String name = o.path("metadata").path("name").asText();
            switch (o.path("kind").asText()) {
                case "ConfigMap" -> configMapKeys.put(name, keys(o, "data", "binaryData"));
                case "Secret" -> secretKeys.put(name, keys(o, "data", "stringData"));
                case "ServiceAccount" -> serviceAccounts.add(name);
                default -> {
                }
            }
        }
    }

    private static Set<String> keys(JsonNode object, String... fields) {
        Set<String> keys = new HashSet<>();
        for (String field : fields) {
            object.path(field).fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    /** Problems with the references anywhere in {@code doc}. */
    public List<Problem> check(JsonNode doc, String source) {
        List<Problem> problems = new ArrayList<>();
        walk(doc, "$", source, problems);
        return problems;
    }

    private void walk(JsonNode node, String path, String source, List<Problem> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", source, problems);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String at = path + "." + field.getKey();
            JsonNode ref = field.getValue();
            switch (field.getKey()) {
                case "configMapRef", "configMapKeyRef" -> require("ConfigMap", configMapKeys, ref, at, source, problems);
                case "secretRef", "secretKeyRef", "accessKeySecret", "secretKeySecret" ->
                        require("Secret", secretKeys, ref, at, source, problems);
                case "serviceAccountName" -> {
                    if (ref.isTextual() && !ref.asText().contains("{{") && !serviceAccounts.contains(ref.asText())) {
                        problems.add(new Problem(source, at, "ServiceAccount '" + ref.asText() + "' does not exist"));
                    }
                }
                default -> walk(ref, at, source, problems);
            }
        }
    }

    private static void require(String kind, Map<String, Set<String>> known, JsonNode ref, String path,
                                String source, List<Problem> problems) {
        if (ref.path("optional").asBoolean(false)) {
            return;
        }
        String name = ref.path("name").asText();
        if (!known.containsKey(name)) {
            problems.add(new Problem(source, path, kind + " '" + name + "' does not exist"));
        } else if (ref.has("key") && !known.get(name).contains(ref.path("key").asText())) {
            problems.add(new Problem(source, path, kind + " '" + name + "' has no key '" + ref.path("key").asText() + "'"));
        }
    }
}
