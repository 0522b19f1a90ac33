package io.fewshot.platform.kafka;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.DeadLetterHeaders;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.KafkaBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one Kafka producer of the services and the CLI: publishes events (CloudEvents Kafka binding,
 * structured mode, keyed by subject) and dead letters ({@link DeadLetterHeaders}), waiting for the
 * broker's acknowledgement: a caller that goes on (commits an offset, writes a marker) knows the
 * event is durable. A failure is an {@link IllegalStateException} that says which topic and why.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    public EventPublisher(String bootstrapServers, String clientId, Duration timeout) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(timeout.toMillis(), 30_000)));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeout.toMillis(), 30_000)));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.timeout = timeout;
    }

    /** Sends the event to its topic, keyed by its subject, and waits until the broker has it. */
    public void publish(CloudEvent<?> event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), event.subject(),
                EventCodec.encode(event));
        record.headers().add(KafkaBinding.CONTENT_TYPE_HEADER, KafkaBinding.structuredContentType());
        send(record);
    }

    /** Parks a record that cannot be processed in its topic's {@code .dlq} twin, with the error. */
    public void deadLetter(ConsumerRecord<String, byte[]> record, String error) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.dlq(record.topic()), record.key(),
                record.value());
        Headers h = out.headers();
        record.headers().forEach(h::add);
        if (h.lastHeader(KafkaBinding.CONTENT_TYPE_HEADER) == null) {
            // The value is still the event; a record from before the header existed gains it here.
            h.add(KafkaBinding.CONTENT_TYPE_HEADER, KafkaBinding.structuredContentType());
        }
        h.add(DeadLetterHeaders.ERROR, utf8(error));
        h.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(record.topic()));
        h.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        h.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        send(out);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka did not accept a message for " + record.topic() + " within "
                    + timeout.toSeconds() + " s: " + cause, cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
