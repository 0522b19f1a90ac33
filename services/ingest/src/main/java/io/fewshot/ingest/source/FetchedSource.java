package io.fewshot.ingest.source;

import java.nio.file.Path;

/**
 * One source archive (or folder) available locally, with the sha256 of its bytes. For a folder the digest is
 * over its sorted "sha256  relative/path" lines, so the same files always give the same digest.
 */
public record FetchedSource(String name, String location, Path path, String sha256, long bytes) {
}
