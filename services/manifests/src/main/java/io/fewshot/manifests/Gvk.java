package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;

/** A resource type: API group ("" for core), version and kind. */
public record Gvk(String group, String version, String kind) {

    /** From a manifest's apiVersion ("apps/v1", "v1") and kind; null when either is missing. */
    public static Gvk of(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText("");
        String kind = doc.path("kind").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return null;
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new Gvk("", apiVersion, kind)
                : new Gvk(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }

    @Override
    public String toString() {
        return (group.isEmpty() ? "" : group + "/") + version + ", Kind=" + kind;
    }
}
