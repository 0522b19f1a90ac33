package io.fewshot.registry.health;

import io.fewshot.registry.ingest.EventConsumer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the event consumer runs: a registry that stopped consuming should be restarted. */
@Liveness
@Singleton
public class ConsumerLiveness implements HealthCheck {
    @Inject
    EventConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("event-consumer").status(consumer.healthy()).build();
    }
}
