package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file under argo/ passes the strict Argo schema and the reference checks. */
class ArgoWorkflowTemplateTest {

    private static List<Path> argoFiles() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.ROOT.resolve("argo"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyArgoFileValidatesAgainstTheStrictSchemaAndItsReferencesResolve() throws IOException {
        ManifestValidator validator = new ManifestValidator(Fixtures.catalog());
        List<Problem> problems = new ArrayList<>();
        List<Path> files = argoFiles();
        assertTrue(files.contains(Fixtures.ROOT.resolve("argo/fewshot-sweep.yaml")), "argo/fewshot-sweep.yaml is missing");
        for (Path file : files) {
            for (JsonNode doc : YamlDocs.read(file)) {
                String source = Fixtures.ROOT.relativize(file) + " " + YamlDocs.describe(doc);
                problems.addAll(validator.validate(doc, source));
                problems.addAll(ArgoTemplates.check(doc, source));
            }
        }
        assertEquals(List.of(), problems, Fixtures.describe(problems));
    }
}
