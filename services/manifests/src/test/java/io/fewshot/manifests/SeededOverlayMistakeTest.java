package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in an overlay's patch file survives kustomize's merge and is caught in the render. */
class SeededOverlayMistakeTest {

    @Test
    void anUnknownFieldInAPatchIsReportedAfterRendering(@TempDir Path tmp) throws IOException {
        Path k8s = tmp.resolve("k8s");
        try (Stream<Path> files = Files.walk(Fixtures.ROOT.resolve("k8s"))) {
            for (Path source : files.toList()) {
                Path target = k8s.resolve(Fixtures.ROOT.resolve("k8s").relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path patch = k8s.resolve("overlays/gpu/trainer-gpu.yaml");
        Files.writeString(patch, Files.readString(patch).replace("      nodeSelector:", "      nodeSelektor:"));
        List<Problem> problems = new ManifestValidator(Fixtures.catalog()).validateAll(
                YamlDocs.parse(Kustomize.find().build(k8s.resolve("overlays/gpu")), "seeded"), "seeded");
        assertTrue(problems.stream().anyMatch(p -> p.source().contains("Deployment/trainer")
                        && p.path().equals("$.spec.template.spec") && p.message().contains("nodeSelektor")),
                Fixtures.describe(problems));
    }
}
