package io.fewshot.ingest.core;

import io.fewshot.ingest.archive.ArchiveLimits;
import java.nio.file.Path;
import java.time.Duration;

/** The knobs of one ingest, independent of how they were configured. */
public record IngestSettings(Path workDir, ArchiveLimits limits, long maxShardBytes, int parallelism,
        Duration connectTimeout, Duration downloadTimeout) {
}
