package io.fewshot.cli;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The local stack as fsb's environment sees it, and plain Kafka clients to check or feed a topic. */
final class StackEnv {
    private StackEnv() {
    }

    static Map<String, String> of(LocalStack stack) {
        return Map.of(
                FsbConfig.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers(),
                FsbConfig.S3_ENDPOINT, stack.s3Endpoint(),
                FsbConfig.S3_ACCESS_KEY, stack.accessKey(),
                FsbConfig.S3_SECRET_KEY, stack.secretKey(),
                FsbConfig.S3_REGION, stack.region(),
                FsbConfig.S3_BUCKET, stack.bucket());
    }

    /** Every record on the topic, from its beginning to its current end. */
    static List<ConsumerRecord<String, byte[]>> readAll(LocalStack stack, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.bootstrapServers());
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    static KafkaProducer<String, byte[]> producer(LocalStack stack) {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.bootstrapServers());
        p.put("acks", "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static void publish(KafkaProducer<String, byte[]> producer, CloudEvent<?> event) {
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.subject(), EventCodec.encode(event))).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish " + event.type(), e);
        }
    }
}
