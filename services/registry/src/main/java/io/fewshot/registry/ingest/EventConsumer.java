package io.fewshot.registry.ingest;

import io.fewshot.contracts.Topics;
import io.fewshot.registry.config.RegistryConfig;
import io.fewshot.registry.io.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The registry's one consumer thread. Offsets are committed only after a message's effects are
 * stored (at-least-once; the handler is idempotent). A message that is not a valid event goes to its
 * topic's {@code .dlq} twin with the error, and the consumer goes on; any other failure is retried
 * from the same offset after a pause, and parked on the DLQ after {@code maxAttempts}.
 */
@Singleton
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final RegistryConfig.Kafka config;
    private final EventHandler handler;
    private final EventPublisher publisher;
    private final MeterRegistry metrics;
    private final Map<String, Integer> attempts = new HashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

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
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100),
                new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::loop, "registry-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /** For the liveness check: true while the consumer thread runs (or Kafka is disabled). */
    public boolean healthy() {
        return !config.enabled() || (thread != null && thread.isAlive());
    }

    private void loop() {
        try {
            consumer.subscribe(EventHandler.topics());
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(config.pollTimeout());
                Map<TopicPartition, Long> next = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : batch) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!process(r)) {
                        for (TopicPartition p : batch.partitions()) {
                            consumer.seek(p, next.getOrDefault(p, batch.records(p).get(0).offset()));
                        }
                        sleep(config.retryBackoff());
                        break;
                    }
                    next.put(tp, r.offset() + 1);
                    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("the event consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Handles one message; false if it must be retried. */
    private boolean process(ConsumerRecord<String, byte[]> r) {
        String where = r.topic() + "/" + r.partition() + "@" + r.offset();
        try {
            handler.handle(r.topic(), r.value());
            attempts.remove(where);
            count(r.topic(), "stored");
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warnf("%s is not a valid event, parked on %s: %s", where, Topics.dlq(r.topic()), e.getMessage());
            return deadLetter(r, e.getMessage());
        } catch (RuntimeException e) {
            int n = attempts.merge(where, 1, Integer::sum);
            if (n >= config.maxAttempts()) {
                LOG.errorf(e, "%s failed %d times, parked on %s", where, n, Topics.dlq(r.topic()));
                attempts.remove(where);
                return deadLetter(r, "failed " + n + " times: " + e.getMessage());
            }
            LOG.warnf("%s failed (attempt %d of %d), will retry: %s", where, n, config.maxAttempts(), e.getMessage());
            count(r.topic(), "retried");
            return false;
        }
    }

    /** Parks the message; false (retry it) if even that fails. */
    private boolean deadLetter(ConsumerRecord<String, byte[]> r, String error) {
        try {
            publisher.deadLetter(r, error == null ? "unknown error" : error);
            count(r.topic(), "dead-lettered");
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("could not park %s/%d@%d on its DLQ, will retry: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            return false;
        }
    }

    private void count(String topic, String outcome) {
        metrics.counter("registry.events", "topic", topic, "outcome", outcome).increment();
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
