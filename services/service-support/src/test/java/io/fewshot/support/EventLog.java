package io.fewshot.support;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.EventData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test access to topics: publish raw or typed messages, and read a whole topic from its start. */
public final class EventLog {
    private EventLog() {
    }

    public static void send(String bootstrap, String topic, String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    public static void publish(String bootstrap, CloudEvent<?> event) throws Exception {
        send(bootstrap, event.topic(), event.subject(), EventCodec.encode(event));
    }

    /** Every record on the topic (partition 0, as the local stack creates topics) from offset 0. */
    public static List<ConsumerRecord<String, byte[]>> records(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            if (c.partitionsFor(topic, Duration.ofSeconds(10)).isEmpty()) {
                return out;
            }
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The topic's events of {@code type} about {@code key}. */
    public static <T extends EventData> List<CloudEvent<T>> events(String bootstrap, String topic, Class<T> type,
            String key) {
        return records(bootstrap, topic).stream().filter(r -> key.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), type)).toList();
    }

    /** Polls until the topic holds an event of {@code type} about {@code key} that matches, or fails. */
    public static <T extends EventData> CloudEvent<T> await(String bootstrap, String topic, Class<T> type, String key,
            Predicate<CloudEvent<T>> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (CloudEvent<T> e : events(bootstrap, topic, type, key)) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " for " + key + " on " + topic + " within "
                + timeout.toSeconds() + " s");
    }
}
