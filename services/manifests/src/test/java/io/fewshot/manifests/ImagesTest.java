package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The images k8s/ and argo/ run are the ones scripts/build-images.sh builds, offline: every
 * project image is named by a module's Jib configuration (or, for MinIO, built from its source
 * tag), the base image is pinned by digest, the tag has one source (the root pom), and the
 * trainer's natives are among the files Jib assembles into its layers.
 */
class ImagesTest {

    private static final String PREFIX = "ghcr.io/fewshot-bench/";
    private static final Pattern JIB_IMAGE = Pattern.compile("\\$\\{image\\.registry}/([a-z0-9-]+):\\$\\{image\\.tag}");
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    private static Document pom(String path) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Fixtures.ROOT.resolve(path).toFile());
    }

    private static String text(Document pom, String xpath) throws Exception {
        return ((String) XPATH.evaluate(xpath, pom, XPathConstants.STRING)).trim();
    }

    private static List<String> texts(Node node, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPATH.evaluate(xpath, node, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    private static final String JIB = "//plugin[artifactId='jib-maven-plugin']";

    /** Image name -> the module whose Jib configuration builds it. */
    private static Map<String, String> jibImages() throws Exception {
        Map<String, String> images = new TreeMap<>();
        try (var dirs = Files.list(Fixtures.ROOT.resolve("services"))) {
            for (Path dir : dirs.sorted().toList()) {
                Path pom = dir.resolve("pom.xml");
                if (!Files.isRegularFile(pom)) {
                    continue;
                }
                for (String image : texts(pom(Fixtures.ROOT.relativize(pom).toString()), JIB + "//to/image")) {
                    Matcher m = JIB_IMAGE.matcher(image);
                    assertTrue(m.matches(), pom + ": the image must be ${image.registry}/<name>:${image.tag}, is " + image);
                    images.put(m.group(1), dir.getFileName().toString());
                }
            }
        }
        return images;
    }

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

    private static Map<String, String> workflowDefaults() {
        Map<String, String> defaults = new HashMap<>();
        Fixtures.workflowTemplate().path("spec").path("arguments").path("parameters")
                .forEach(p -> defaults.put(p.path("name").asText(), p.path("value").asText("")));
        return defaults;
    }

    @Test
    void everyDeployedImageIsBuiltByTheImageScript() throws Exception {
        Set<String> deployed = new TreeSet<>();
        for (String overlay : Fixtures.OVERLAYS) {
            Fixtures.render(overlay).forEach(doc -> collectImages(doc, Map.of(), deployed));
        }
        collectImages(Fixtures.workflowTemplate(), workflowDefaults(), deployed);
        Set<String> built = new TreeSet<>(jibImages().keySet());
        built.add("minio"); // from its source tag: scripts/build-images.sh --minio
        assertEquals(built, deployed, "images deployed vs. images scripts/build-images.sh builds");
        assertEquals(Set.of("evaluator", "fsb", "ingest", "registry", "trainer", "trainer-gpu"), jibImages().keySet());
        String script = Files.readString(Fixtures.ROOT.resolve("scripts/build-images.sh"));
        assertTrue(script.contains("jib-maven-plugin") && script.contains("@gpu") && script.contains("--minio"), "build-images.sh");
    }

    @Test
    void theBaseImageIsPinnedByDigestAndNoModuleOverridesIt() throws Exception {
        Document root = pom("pom.xml");
        assertTrue(text(root, "/project/properties/image.base").matches("[a-z0-9./-]+(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}"),
                "image.base must name a digest: " + text(root, "/project/properties/image.base"));
        assertEquals("${image.base}", text(root, JIB + "/configuration/from/image"));
        for (String module : new TreeSet<>(jibImages().values())) {
            assertEquals(List.of(), texts(pom("services/" + module + "/pom.xml"), JIB + "//configuration/from/image"), module + " overrides the base image");
        }
    }

    @Test
    void theTagHasOneSourceThatTheOverlaysAndTheSweepFollow() throws Exception {
        String tag = text(pom("pom.xml"), "/project/properties/image.tag");
        assertFalse(tag.isEmpty());
        for (String overlay : Fixtures.OVERLAYS) {
            for (JsonNode image : YamlDocs.readOne(Fixtures.ROOT.resolve("k8s/overlays/" + overlay + "/kustomization.yaml")).path("images")) {
                assertEquals(tag, image.path("newTag").asText(), overlay + ": " + image.path("name").asText());
            }
        }
        assertEquals(tag, workflowDefaults().get("image-tag"), "argo/fewshot-sweep.yaml parameter image-tag");
    }

    @Test
    void everyImageRunsAsTheNonRootUserThePodsExpect() throws Exception {
        assertEquals("185", text(pom("pom.xml"), JIB + "/configuration/container/user"));
    }

    @Test
    void theTrainersNativesAreAmongTheFilesJibAssembles() throws Exception {
        Document root = pom("pom.xml");
        // The fast-jar folder, natives jar included (lib/main), is the image's /deployments.
        assertEquals(List.of("target/quarkus-app"), texts(root, JIB + "/configuration/extraDirectories/paths/path/from"));
        assertEquals(List.of("/app/**"), texts(root, JIB + "/configuration/pluginExtensions//filter/glob"),
                "only Jib's duplicate /app layers may be filtered out of the CPU images");
        Document ml = pom("services/meta-learning/pom.xml");
        assertTrue(texts(ml, "/project/dependencies/dependency/artifactId").contains("pytorch-native-cpu"),
                "the engine must bring DJL's CPU natives into the fast-jar");
        Document trainer = pom("services/trainer/pom.xml");
        Node gpu = (Node) XPATH.evaluate(JIB + "/executions/execution[id='gpu']/configuration", trainer, XPathConstants.NODE);
        assertTrue(gpu != null, "the trainer's gpu execution");
        assertEquals(List.of("target/gpu-natives/lib"), texts(gpu, "extraDirectories/paths/path/from"));
        String into = texts(gpu, "extraDirectories/paths/path/into").get(0);
        assertEquals(into, texts(gpu, "container/environment/PYTORCH_LIBRARY_PATH").get(0), "DJL must load the natives the layer holds");
        assertEquals(List.of("cu128"), texts(gpu, "container/environment/PYTORCH_FLAVOR"));
        assertTrue(texts(gpu, "pluginExtensions//filter/glob").stream().anyMatch(g -> g.contains("pytorch-native-cpu")),
                "the GPU image drops the CPU natives jar");
        String script = Files.readString(Fixtures.ROOT.resolve("scripts/build-images.sh"));
        assertTrue(script.contains("services/trainer/src/main/jib/gpu-natives.sha256") && script.contains("sha256sum --quiet -c"),
                "the downloaded GPU natives are checked against committed checksums");
        assertTrue(script.contains("$natives/lib"), "the natives land where the gpu execution reads them");
    }

    @Test
    void minioIsPinnedToTheReleaseWithThePrivilegeEscalationFix() {
        JsonNode minio = Fixtures.find(Fixtures.render("cpu"), "StatefulSet", "minio");
        String image = minio.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
        Matcher m = Pattern.compile(":RELEASE\\.(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z)$").matcher(image);
        assertTrue(m.find(), image);
        // GHSA-jjjj-jwhf-8rgr (CVE-2025-62506) is fixed in RELEASE.2025-10-15T17-29-55Z.
        assertTrue(m.group(1).compareTo("2025-10-15T17-29-55Z") >= 0, image);
    }
}
