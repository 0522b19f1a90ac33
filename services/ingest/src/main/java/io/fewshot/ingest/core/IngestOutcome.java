package io.fewshot.ingest.core;

import io.fewshot.dataset.format.DatasetManifest;

/**
 * @param created false when the dataset already existed (ingesting the same source again is a no-op)
 */
public record IngestOutcome(DatasetManifest manifest, String manifestKey, boolean created) {
}
