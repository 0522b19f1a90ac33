package io.fewshot.registry.ingest;

import io.fewshot.platform.kafka.RecordLoop;
import io.fewshot.registry.config.RegistryConfig;
import io.fewshot.registry.io.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The registry's consumer: the platform's one record loop over every topic the registry folds, one record at
 * a time (the handler is idempotent; offsets are committed only after a record's effects are stored). A
 * record that is not a valid event goes to its topic's {@code .dlq} twin at once; any other failure is
 * retried with back-off and parked there after {@code maxAttempts}.
 */
@Singleton
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final RegistryConfig.Kafka config;
    private final EventHandler handler;
    private final EventPublisher publisher;
    private final MeterRegistry metrics;
    private volatile RecordLoop loop;

    @Inject
    public EventConsumer(RegistryConfig config, EventHandler handler, EventPublisher publisher,
            MeterRegistry metrics) {
        this.config = config.kafka();
        this.handler = handler;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("registry.kafka.enabled=false: no events are consumed");
            return;
        }
        loop = new RecordLoop(new RecordLoop.Settings(config.bootstrapServers(), config.groupId(),
                EventHandler.topics(), 1, config.maxAttempts(), config.retryBackoff(), config.sessionTimeout()),
                this::handle, publisher.platform()).start();
    }

    /** Counts each outcome per topic; the loop decides what a failure means (dead letter or retry). */
    private void handle(ConsumerRecord<String, byte[]> r) {
        try {
            handler.handle(r.topic(), r.value());
            count(r.topic(), "stored");
        } catch (IllegalArgumentException e) {
            count(r.topic(), "invalid");
            throw e;
        } catch (RuntimeException e) {
            count(r.topic(), "failed");
            throw e;
        }
    }

    /** For the liveness check: true while the consumer runs (or Kafka is disabled). */
    public boolean healthy() {
        return !config.enabled() || (loop != null && loop.running());
    }

    private void count(String topic, String outcome) {
        metrics.counter("registry.events", "topic", topic, "outcome", outcome).increment();
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (loop != null) {
            loop.close();
        }
    }
}
