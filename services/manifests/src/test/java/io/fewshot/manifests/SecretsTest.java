package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No credential is committed, and applying an overlay never overwrites the cluster's Secrets:
 * they come from k8s/secrets, rendered from env files that scripts/generate-secrets.sh writes with
 * random values and git ignores.
 */
class SecretsTest {

    @Test
    void theOverlaysRenderNoSecret() {
        for (String overlay : Fixtures.OVERLAYS) {
            assertTrue(Fixtures.overlayOnly(overlay).stream().noneMatch(d -> d.path("kind").asText().equals("Secret")), overlay);
        }
    }

    @Test
    void noCommittedManifestHoldsSecretValues() throws IOException {
        List<String> found = new ArrayList<>();
        for (String dir : List.of("k8s", "argo")) {
            try (Stream<Path> files = Files.walk(Fixtures.ROOT.resolve(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    for (JsonNode doc : YamlDocs.read(file)) {
                        if (doc.path("kind").asText().equals("Secret") && (doc.has("data") || doc.has("stringData"))) {
                            found.add(Fixtures.ROOT.relativize(file) + " " + YamlDocs.describe(doc));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theGeneratedEnvFilesAreIgnoredByGit() throws IOException {
        List<String> ignore = Files.readAllLines(Fixtures.ROOT.resolve("k8s/secrets/.gitignore"));
        assertTrue(ignore.contains("*.env"), ignore.toString());
    }

    @Test
    void everyGeneratedCredentialIsRandomAndDistinct() {
        Set<String> secretValues = new HashSet<>();
        int count = 0;
        for (JsonNode secret : Fixtures.secrets()) {
            for (var entry : secret.path("data").properties()) {
                String key = entry.getKey();
                if (key.endsWith("PASSWORD") || key.endsWith("SECRET_KEY") || key.endsWith("TOKEN")) {
                    String value = new String(java.util.Base64.getDecoder().decode(entry.getValue().asText()));
                    assertTrue(value.length() >= 32, key + " is short");
                    secretValues.add(value);
                    count++;
                }
            }
        }
        assertTrue(count >= 8, "expected the root, five S3 users, the database and the registry token, got " + count);
        assertEquals(count, secretValues.size(), "two credentials share a value");
    }

    @Test
    void theServicesDoNotUseMinioRootAccount() {
        for (JsonNode doc : Fixtures.render("cpu")) {
            String text = doc.toString();
            String name = doc.path("metadata").path("name").asText();
            if (text.contains("fewshot-minio-root") && !doc.path("kind").asText().equals("Secret")) {
                assertTrue(name.equals("minio") || name.equals("minio-setup"), name + " reads MinIO's root account");
            }
        }
        assertNotEquals(-1, Fixtures.workflowTemplate().toString().indexOf("fewshot-s3"));
        assertEquals(-1, Fixtures.workflowTemplate().toString().indexOf("fewshot-minio-root"));
    }
}
