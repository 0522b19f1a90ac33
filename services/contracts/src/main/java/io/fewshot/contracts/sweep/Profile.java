package io.fewshot.contracts.sweep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A sweep profile: the only thing a user must choose. Every profile plans the same 36 cells with the
 * same published configuration; they differ only in budget and in how many episodes validate and test.
 */
public enum Profile {
    /** Every cell with a handful of steps: proves the whole chain in minutes; plumbing, not measurement. */
    SMOKE("smoke"),
    /**
     * The main command's default: every Omniglot cell a real, if short, measurement (about a minute of
     * training each), the whole Omniglot table in at most 20 minutes on 2 cores (see SweepDefaults).
     */
    QUICK("quick"),
    /** Reduced schedules with a wall-clock cap per cell, sized for a 2-core machine. */
    CPU("cpu"),
    /** The published schedules (60k MAML iterations etc.), for GPU pods. */
    PAPER("paper");

    private final String id;

    Profile(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Profile fromId(String id) {
        for (Profile p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + id + "'; expected one of "
                + Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", ")));
    }
}
