package io.fewshot.registry.io;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.registry.config.RegistryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The registry's handle on the platform's one event publisher (the same producer, binding header and
 * dead-letter format as every service), or none when {@code registry.kafka.enabled=false}. Each send
 * waits for the broker's acknowledgement: the consumer commits its offset only after that.
 */
@Singleton
public class EventPublisher {
    private static final Duration BROKER_WAIT = Duration.ofSeconds(30);

    private final io.fewshot.platform.kafka.EventPublisher publisher;

    @Inject
    public EventPublisher(RegistryConfig config) {
        this.publisher = config.kafka().enabled()
                ? new io.fewshot.platform.kafka.EventPublisher(config.kafka().bootstrapServers(),
                        config.kafka().groupId() + "-producer", BROKER_WAIT)
                : null;
    }

    public boolean enabled() {
        return publisher != null;
    }

    public void publish(CloudEvent<?> event) {
        require(event.topic()).publish(event);
    }

    /** The platform publisher itself, for the consumer loop's dead letters. */
    public io.fewshot.platform.kafka.EventPublisher platform() {
        return require("a dead-letter topic");
    }

    private io.fewshot.platform.kafka.EventPublisher require(String topic) {
        if (publisher == null) {
            throw new IllegalStateException("Kafka is disabled (registry.kafka.enabled=false): cannot send to "
                    + topic);
        }
        return publisher;
    }

    @PreDestroy
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
