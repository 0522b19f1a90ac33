package io.fewshot.ingest.core;

import io.fewshot.dataset.format.DatasetManifest;

/** Announces a newly committed dataset (fsl.dataset.ingested.v1). */
@FunctionalInterface
public interface DatasetEvents {
    /** Must not return before the event is durably accepted; throws if it was not. */
    void ingested(DatasetManifest manifest, String manifestKey, String manifestSha256);
}
