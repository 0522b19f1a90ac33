package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every project image that k8s/ or argo/ runs has a Dockerfile that builds it. */
class ImagesTest {

    private static final String PREFIX = "ghcr.io/fewshot-bench/";
    /** Image name -> the Dockerfile that builds it. */
    private static final Map<String, String> DOCKERFILES = Map.of(
            "ingest", "services/ingest/src/main/docker/Dockerfile.jvm",
            "trainer", "services/trainer/src/main/docker/Dockerfile.jvm",
            "trainer-gpu", "services/trainer/src/main/docker/Dockerfile.gpu",
            "evaluator", "services/evaluator/src/main/docker/Dockerfile.jvm",
            "registry", "services/registry/src/main/docker/Dockerfile.jvm",
            "fsb", "services/cli/src/main/docker/Dockerfile.jvm");

    private static void collectImages(JsonNode node, Map<String, String> parameters, Set<String> into) {
        if (node.isTextual()) {
            String text = node.asText();
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                text = text.replace("{{workflow.parameters." + p.getKey() + "}}", p.getValue());
            }
            Matcher m = Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9-]+)").matcher(text);
            while (m.find()) {
                into.add(m.group(1));
            }
        }
        node.forEach(child -> collectImages(child, parameters, into));
    }

    @Test
    void everyDeployedImageHasADockerfile() {
        Set<String> images = new TreeSet<>();
        for (String overlay : Fixtures.OVERLAYS) {
            Fixtures.render(overlay).forEach(doc -> collectImages(doc, Map.of(), images));
        }
        JsonNode workflow = Fixtures.workflowTemplate();
        Map<String, String> defaults = new java.util.HashMap<>();
        workflow.path("spec").path("arguments").path("parameters")
                .forEach(p -> defaults.put(p.path("name").asText(), p.path("value").asText("")));
        collectImages(workflow, defaults, images);
        assertEquals(new TreeSet<>(DOCKERFILES.keySet()), images, "images deployed vs. images with a Dockerfile");
        for (String image : images) {
            Path dockerfile = Fixtures.ROOT.resolve(DOCKERFILES.get(image));
            assertTrue(Files.isRegularFile(dockerfile), image + ": missing " + dockerfile);
        }
    }

    @Test
    void theJvmImagesCopyTheirBuiltAppAndRunAsANonRootUser() throws Exception {
        for (String file : DOCKERFILES.values()) {
            List<String> lines = Files.readAllLines(Fixtures.ROOT.resolve(file));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("FROM ")), file);
            // Quarkus services ship the fast-jar; fsb is plain Java: its jar plus target/lib/.
            String app = file.startsWith("services/cli/") ? "target/lib/" : "target/quarkus-app/lib/";
            assertTrue(lines.stream().anyMatch(l -> l.contains(app)), file + " does not copy " + app);
            assertTrue(lines.stream().anyMatch(l -> l.equals("USER 185")), file + " runs as root");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT")), file);
        }
    }
}
