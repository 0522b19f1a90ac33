package io.fewshot.cli;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.KafkaBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events to their topics, keyed by their subject, and waits until the broker has them all. */
public final class EventPublisher implements AutoCloseable {
    /** How long a send may wait for the broker before fsb gives up and says so. */
    static final Duration BROKER_WAIT = Duration.ofSeconds(15);

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    public EventPublisher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fsb");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(BROKER_WAIT.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public void send(CloudEvent<?> event) {
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), event.subject(),
                    EventCodec.encode(event));
            record.headers().add(KafkaBinding.CONTENT_TYPE_HEADER, KafkaBinding.structuredContentType());
            pending.add(producer.send(record));
        } catch (org.apache.kafka.common.KafkaException e) {
            throw failure(e);
        }
    }

    /** Blocks until every event sent so far is acknowledged; the first failure is reported. */
    public void awaitAll() {
        producer.flush();
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while publishing", CliException.FAILED, e);
        } finally {
            pending.clear();
        }
    }

    private CliException failure(Throwable cause) {
        String why = cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer within " + BROKER_WAIT.toSeconds() + " s (is the broker running? locally: scripts/local-stack.sh)"
                : String.valueOf(cause.getMessage());
        return new CliException("could not publish to Kafka at " + bootstrapServers + ": " + why, CliException.FAILED,
                cause);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
