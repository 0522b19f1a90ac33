package io.fewshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a training run is doing when it reports progress. */
public enum Phase {
    /** Pretraining the feature extractor (the amortized BNN's task encoder). */
    PRETRAIN("pretrain"),
    /** Meta-training steps. */
    TRAIN("train"),
    /** Validation episodes on the meta-validation classes. */
    VALIDATE("validate");

    private final String id;

    Phase(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
