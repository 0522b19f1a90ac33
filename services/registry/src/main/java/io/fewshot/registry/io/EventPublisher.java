package io.fewshot.registry.io;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.KafkaBinding;
import io.fewshot.registry.config.RegistryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the registry's events and parks unprocessable messages, waiting for the broker's
 * acknowledgement each time: the consumer commits its offset only after a send is acknowledged.
 */
@Singleton
public class EventPublisher {
    public static final String ERROR_HEADER = "fewshot-error";
    public static final String SOURCE_TOPIC_HEADER = "fewshot-source-topic";
    public static final String SOURCE_OFFSET_HEADER = "fewshot-source-offset";

    private final Producer<String, byte[]> producer;

    @Inject
    public EventPublisher(RegistryConfig config) {
        this.producer = config.kafka().enabled() ? new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, config.kafka().groupId() + "-producer"),
                new StringSerializer(), new ByteArraySerializer()) : null;
    }

    public boolean enabled() {
        return producer != null;
    }

    public void publish(CloudEvent<?> event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), event.data().key(),
                EventCodec.encode(event));
        record.headers().add(new RecordHeader(KafkaBinding.CONTENT_TYPE_HEADER, KafkaBinding.structuredContentType()));
        send(record);
    }

    /** The message as it came, with the error that stopped it and where it came from in headers. */
    public void deadLetter(String dlqTopic, String sourceTopic, long offset, String key, byte[] value, String error) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(dlqTopic, key, value);
        r.headers().add(new RecordHeader(KafkaBinding.CONTENT_TYPE_HEADER, KafkaBinding.structuredContentType()));
        r.headers().add(new RecordHeader(ERROR_HEADER, error.getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader(SOURCE_TOPIC_HEADER, sourceTopic.getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader(SOURCE_OFFSET_HEADER,
                Long.toString(offset).getBytes(StandardCharsets.UTF_8)));
        send(r);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            throw new IllegalStateException("Kafka is disabled (registry.kafka.enabled=false): cannot send to "
                    + record.topic());
        }
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sending to " + record.topic() + " failed: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
