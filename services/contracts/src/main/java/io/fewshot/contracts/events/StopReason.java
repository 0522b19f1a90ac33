package io.fewshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which limit of the run's budget ended training. */
public enum StopReason {
    STEPS("steps"),
    WALL_CLOCK("wall-clock");

    private final String id;

    StopReason(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
