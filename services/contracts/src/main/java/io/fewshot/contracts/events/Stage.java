package io.fewshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where in the chain a run failed. */
public enum Stage {
    TRAINING("training"),
    EVALUATION("evaluation");

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
