package io.fewshot.dataset.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** The official Omniglot zips in ../shared/datasets/omniglot, found by walking up from the working directory. */
final class SharedOmniglot {
    private SharedOmniglot() {
    }

    static Path zip(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/omniglot").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/datasets/omniglot/" + name + " not found above "
                + Path.of("").toAbsolutePath());
    }

    /** The first PNG entry of one of the zips. */
    static byte[] firstPng(String name) throws java.io.IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(zip(name).toFile())) {
            java.util.zip.ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".png")).findFirst()
                    .orElseThrow();
            return zip.getInputStream(entry).readAllBytes();
        }
    }
}
