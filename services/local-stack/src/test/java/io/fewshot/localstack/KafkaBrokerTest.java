package io.fewshot.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.fewshot.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void recordProducedWithKafkaClientsIsConsumed() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir))) {
            KafkaClients.send(stack.bootstrapServers(), "produce-consume", "run-1", "hello");

            List<ConsumerRecord<String, String>> records =
                    KafkaClients.readFromStart(stack.bootstrapServers(), "produce-consume", 1, READ_TIMEOUT);

            assertEquals(1, records.size(), "records read back");
            assertEquals("run-1", records.get(0).key());
            assertEquals("hello", records.get(0).value());
        }
    }

    @Test
    void everyProjectTopicAndItsDeadLetterTwinExistOnceTheStackHasStarted() throws Exception {
        LocalStackConfig config = LocalStackConfig.randomPorts(dataDir);
        try (LocalStack first = LocalStack.start(config)) {
            assertTrue(topics(first).containsAll(Topics.all()), "missing: " + Topics.all().stream()
                    .filter(t -> !topics(first).contains(t)).toList());
        }
        try (LocalStack restarted = LocalStack.start(config)) {
            assertTrue(topics(restarted).containsAll(Topics.all()), "a restart finds its topics and creates none twice");
        }
    }

    private static Set<String> topics(LocalStack stack) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void recordWrittenBeforeARestartIsReadAfterIt() throws Exception {
        LocalStackConfig config = LocalStackConfig.randomPorts(dataDir);
        try (LocalStack first = LocalStack.start(config)) {
            KafkaClients.send(first.bootstrapServers(), "survives-restart", "run-2", "before the restart");
        }

        try (LocalStack second = LocalStack.start(config)) {
            KafkaClients.send(second.bootstrapServers(), "survives-restart", "run-3", "after the restart");
            List<ConsumerRecord<String, String>> records =
                    KafkaClients.readFromStart(second.bootstrapServers(), "survives-restart", 2, READ_TIMEOUT);

            assertEquals(List.of("before the restart", "after the restart"),
                    records.stream().map(ConsumerRecord::value).toList());
        }
    }
}
