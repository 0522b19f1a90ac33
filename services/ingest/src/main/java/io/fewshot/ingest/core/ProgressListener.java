package io.fewshot.ingest.core;

/** Receives the phase of an ingest and its overall progress in [0, 1]. */
@FunctionalInterface
public interface ProgressListener {
    void update(String phase, double fraction);

    ProgressListener NONE = (phase, fraction) -> {
    };
}
