package io.fewshot.manifests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root and the shared schemas beside it, wherever the tests run from. */
public final class RepoPaths {

    private RepoPaths() {
    }

    /** The nearest directory at or above {@code start} that holds both k8s/ and argo/. */
    public static Path repoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isDirectory(dir.resolve("argo"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with both k8s/ and argo/ at or above " + start.toAbsolutePath());
    }

    /** The repository's {@code ../shared/schemas}, as the project lays it out beside every clone. */
    public static Path sharedSchemas(Path repoRoot) {
        Path schemas = repoRoot.getParent() == null ? null : repoRoot.getParent().resolve("shared").resolve("schemas");
        if (schemas == null || !Files.isDirectory(schemas.resolve("kubernetes"))) {
            throw new IllegalStateException("the offline schemas are missing: expected ../shared/schemas beside the repository,"
                    + " i.e. " + (schemas == null ? "<no parent of " + repoRoot + ">" : schemas)
                    + " with kubernetes/, strimzi/ and argo-workflows/ in it (see shared/schemas/SOURCE.md)");
        }
        return schemas;
    }

    public static Path repoRoot() {
        return repoRoot(Path.of(""));
    }
}
