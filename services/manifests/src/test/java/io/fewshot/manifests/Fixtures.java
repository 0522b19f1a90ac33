package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What every test shares, loaded once per JVM: the repository, the schemas, the renders. */
final class Fixtures {

    static final Path ROOT = RepoPaths.repoRoot();
    static final Path SCHEMAS = RepoPaths.sharedSchemas(ROOT);
    static final List<String> OVERLAYS = List.of("cpu", "gpu");

    private static final Map<String, List<JsonNode>> RENDERS = new ConcurrentHashMap<>();
    private static SchemaCatalog catalog;

    private Fixtures() {
    }

    static synchronized SchemaCatalog catalog() {
        if (catalog == null) {
            catalog = SchemaCatalog.load(SCHEMAS);
        }
        return catalog;
    }

    /** An overlay as kustomize renders it; callers get a fresh copy they may change. */
    static List<JsonNode> render(String overlay) {
        List<JsonNode> docs = RENDERS.computeIfAbsent(overlay, o -> YamlDocs.parse(
                Kustomize.find().build(ROOT.resolve("k8s/overlays").resolve(o)), "k8s/overlays/" + o));
        return docs.stream().map(d -> (JsonNode) d.deepCopy()).toList();
    }

    static JsonNode workflowTemplate() {
        return YamlDocs.readOne(ROOT.resolve("argo/fewshot-sweep.yaml"));
    }

    static JsonNode find(List<JsonNode> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the render"));
    }

    static String describe(List<Problem> problems) {
        StringBuilder sb = new StringBuilder(problems.size() + " problem(s):");
        problems.forEach(p -> sb.append("\n  ").append(p));
        return sb.toString();
    }
}
