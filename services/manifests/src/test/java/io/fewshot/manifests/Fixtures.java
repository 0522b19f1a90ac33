package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * What a cluster holds after the documented steps: the Secrets of k8s/secrets (from env files
     * scripts/generate-secrets.sh writes, here into a temporary copy) and an overlay, as kustomize
     * renders them; callers get a fresh copy they may change.
     */
    static List<JsonNode> render(String overlay) {
        List<JsonNode> docs = new ArrayList<>(secrets());
        docs.addAll(overlayOnly(overlay));
        return docs;
    }

    /** An overlay alone, as `kubectl apply -k k8s/overlays/<overlay>` sends it. */
    static List<JsonNode> overlayOnly(String overlay) {
        return copies(RENDERS.computeIfAbsent(overlay, o -> YamlDocs.parse(
                Kustomize.find().build(ROOT.resolve("k8s/overlays").resolve(o)), "k8s/overlays/" + o)));
    }

    /** k8s/secrets rendered from freshly generated env files. */
    static List<JsonNode> secrets() {
        return copies(RENDERS.computeIfAbsent("secrets", s -> {
            try {
                Path dir = Files.createTempDirectory("fewshot-secrets");
                Files.copy(ROOT.resolve("k8s/secrets/kustomization.yaml"), dir.resolve("kustomization.yaml"));
                Process p = new ProcessBuilder(ROOT.resolve("scripts/generate-secrets.sh").toString(), "--out", dir.toString())
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("scripts/generate-secrets.sh failed: " + out);
                }
                return YamlDocs.parse(Kustomize.find().build(dir), "k8s/secrets");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }));
    }

    private static List<JsonNode> copies(List<JsonNode> docs) {
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
