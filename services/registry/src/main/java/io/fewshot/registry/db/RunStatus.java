package io.fewshot.registry.db;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a run is. {@code planned} is a cell of a sweep's plan not yet requested. A run's status only
 * moves up this order, so replayed or reordered events can
 * never move it back: a late progress event after the evaluation changes nothing, and a run that
 * failed once and was then evaluated (a retry) ends evaluated.
 */
public enum RunStatus {
    PLANNED, REQUESTED, TRAINING, TRAINED, FAILED, EVALUATED;

    @JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int rank() {
        return ordinal();
    }

    /** Evaluated or failed: the cell is in, as far as its sweep is concerned. */
    public boolean isFinal() {
        return this == FAILED || this == EVALUATED;
    }

    public static Optional<RunStatus> find(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }

    public static RunStatus of(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("unknown run status in the database: " + id));
    }
}
