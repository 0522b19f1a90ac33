package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every object of every overlay, as kustomize renders it, passes the strict schemas. */
class OverlaysValidateTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyRenderedObjectValidatesStrictly(String overlay) {
        List<JsonNode> docs = Fixtures.render(overlay);
        List<Problem> problems = new ManifestValidator(Fixtures.catalog()).validateAll(docs, "k8s/overlays/" + overlay);
        assertEquals(List.of(), problems, Fixtures.describe(problems));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyRenderedObjectLandsInTheFewshotNamespace(String overlay) {
        for (JsonNode doc : Fixtures.render(overlay)) {
            String kind = doc.path("kind").asText();
            if (!kind.equals("Namespace")) {
                assertEquals("fewshot", doc.path("metadata").path("namespace").asText(), kind + " " + doc.path("metadata").path("name"));
            }
        }
        assertTrue(Fixtures.render(overlay).size() > 30, "the render looks truncated");
    }
}
