package io.fewshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** The payload ({@code data}) of one of the chain's events. */
public interface EventData {
    /**
     * The Kafka record key and the CloudEvent {@code subject}: the run id, the dataset id or the
     * sweep id. Consumers are idempotent by it.
     */
    @JsonIgnore
    String key();
}
