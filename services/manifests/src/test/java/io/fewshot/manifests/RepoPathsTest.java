package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoPathsTest {

    @Test
    void theRepositoryRootIsFoundFromInsideAModule() {
        assertEquals(Fixtures.ROOT, RepoPaths.repoRoot(Fixtures.ROOT.resolve("services/manifests")));
        assertTrue(Files.isDirectory(Fixtures.SCHEMAS.resolve("strimzi")));
    }

    @Test
    void missingSharedSchemasAreNamedInTheError(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("main"));
        Files.createDirectories(repo.resolve("k8s"));
        Files.createDirectories(repo.resolve("argo"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RepoPaths.sharedSchemas(repo));
        assertTrue(e.getMessage().contains(tmp.resolve("shared/schemas").toString()), e.getMessage());
    }

    @Test
    void aDirectoryOutsideTheRepositoryIsRefused(@TempDir Path tmp) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RepoPaths.repoRoot(tmp));
        assertTrue(e.getMessage().contains("k8s/ and argo/"), e.getMessage());
    }
}
