package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid documents, each using features the schemas allow, must pass: a lint that rejects valid
 * input gets switched off. The corpus lives in src/test/resources/valid-documents.
 */
class ValidDocumentCorpusTest {

    private static final Path CORPUS = Fixtures.ROOT.resolve("services/manifests/src/test/resources/valid-documents");

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aValidDocumentPasses(Path file) {
        ManifestValidator validator = new ManifestValidator(Fixtures.catalog());
        List<Problem> problems = new ArrayList<>();
        List<JsonNode> docs = YamlDocs.read(file);
        assertFalse(docs.isEmpty(), file + " holds no document");
        for (JsonNode doc : docs) {
            String source = file.getFileName() + " " + YamlDocs.describe(doc);
            problems.addAll(validator.validate(doc, source));
            if (ArgoTemplates.isArgoWorkflowKind(doc)) {
                problems.addAll(ArgoTemplates.check(doc, source));
            }
        }
        assertEquals(List.of(), problems, Fixtures.describe(problems));
    }

    @Test
    void theCorpusCoversEveryArgoWorkflowKind() throws IOException {
        Set<String> kinds = new java.util.HashSet<>();
        for (Path file : corpus()) {
            YamlDocs.read(file).forEach(d -> kinds.add(d.path("kind").asText()));
        }
        assertTrue(kinds.containsAll(Set.of("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow")),
                "kinds in the corpus: " + kinds.stream().sorted().collect(Collectors.joining(", ")));
    }
}
