package io.fewshot.contracts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a run (a sweep's cell) is, in the order it moves. {@code planned} is a cell of a sweep's plan not yet
 * requested. Events from different topics arrive in any order (a watcher that starts late reads them all at
 * once), so a status only ever moves up this order: a late progress event after the evaluation changes
 * nothing, and a failure ranks below an evaluation so that a run that failed once and was then evaluated (a
 * retry) ends evaluated. The registry's fold and fsb's watcher both use it.
 */
public enum RunStatus {
    PLANNED, REQUESTED, TRAINING, TRAINED, FAILED, EVALUATED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
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

    /** The status with this id; a stored id that is none is corrupt state, not bad input. */
    public static RunStatus of(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("unknown run status: " + id));
    }
}
