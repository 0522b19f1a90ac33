package io.fewshot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fewshot.contracts.ContractJson;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.EventData;
import io.fewshot.contracts.events.EventKind;
import io.fewshot.contracts.events.SampleEvents;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import io.fewshot.platform.kafka.EventPublisher;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official CloudEvents SDK's Kafka deserializer reads every event we publish, on every topic and
 * from the dead-letter republish: our records follow the CloudEvents Kafka protocol binding.
 */
@ExtendWith(LocalStackExtension.class)
class CloudEventsSdkReadsOurEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void everyEventTypeRoundTripsThroughTheSdksKafkaDeserializer(LocalStack s) {
        List<EventData> payloads = SampleEvents.allPayloads();
        assertEquals(Set.of(EventKind.values()), payloads.stream().map(p -> EventKind.of(p.getClass()))
                .collect(Collectors.toSet()), "one sample of every event type");
        try (EventPublisher publisher = new EventPublisher(s.bootstrapServers(), "sdk-test", WAIT);
                KafkaConsumer<String, io.cloudevents.CloudEvent> sdk = sdkConsumer(s)) {
            for (EventData payload : payloads) {
                CloudEvent<?> sent = SampleEvents.event(payload);
                TopicPartition partition = new TopicPartition(sent.topic(), 0);
                long next = endOffset(sdk, partition);
                publisher.publish(sent);

                assertSameEvent(sent, readOne(sdk, partition, next));
            }
        }
    }

    @Test
    void aDeadLetterIsStillACloudEventToTheSdk(LocalStack s) {
        CloudEvent<?> sent = SampleEvents.event(SampleEvents.allPayloads().get(3));
        // As a consumer holds it; a record from a producer that set no content-type header.
        ConsumerRecord<String, byte[]> failed = new ConsumerRecord<>(sent.topic(), 0, 41L, sent.subject(),
                EventCodec.encode(sent));
        try (EventPublisher publisher = new EventPublisher(s.bootstrapServers(), "sdk-test", WAIT);
                KafkaConsumer<String, io.cloudevents.CloudEvent> sdk = sdkConsumer(s)) {
            TopicPartition dlq = new TopicPartition(Topics.dlq(sent.topic()), 0);
            long next = endOffset(sdk, dlq);
            publisher.deadLetter(failed, "boom");

            assertSameEvent(sent, readOne(sdk, dlq, next));
        }
    }

    private static void assertSameEvent(CloudEvent<?> sent, ConsumerRecord<String, io.cloudevents.CloudEvent> got) {
        io.cloudevents.CloudEvent read = got.value();
        assertNotNull(read, "the SDK read no event from " + got.topic());
        assertEquals(sent.subject(), got.key());
        assertEquals(sent.id(), read.getId());
        assertEquals(sent.type(), read.getType());
        assertEquals(sent.source(), read.getSource().toString());
        assertEquals(sent.subject(), read.getSubject());
        assertEquals(sent.time(), read.getTime().toInstant());
        assertEquals(CloudEvent.JSON, read.getDataContentType());
        assertNotNull(read.getData(), "no data in " + sent.type());
        JsonNode sentData = ContractJson.readTree(EventCodec.encodeToString(sent)).get("data");
        assertEquals(sentData, ContractJson.readTree(new String(read.getData().toBytes(),
                StandardCharsets.UTF_8)), "data of " + sent.type());
    }

    private static KafkaConsumer<String, io.cloudevents.CloudEvent> sdkConsumer(LocalStack s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new CloudEventDeserializer());
    }

    private static long endOffset(KafkaConsumer<?, ?> consumer, TopicPartition partition) {
        return consumer.endOffsets(List.of(partition), WAIT).getOrDefault(partition, 0L);
    }

    /** The record at {@code offset}: other tests on this shared stack may have written before it. */
    private static ConsumerRecord<String, io.cloudevents.CloudEvent> readOne(
            KafkaConsumer<String, io.cloudevents.CloudEvent> consumer, TopicPartition partition, long offset) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, io.cloudevents.CloudEvent> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, io.cloudevents.CloudEvent> r : records) {
                return r;
            }
        }
        return fail("no record at " + partition + "@" + offset + " within " + WAIT.toSeconds() + " s");
    }
}
