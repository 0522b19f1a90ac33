package io.fewshot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.DeadLetterHeaders;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.platform.kafka.RecordHandler;
import io.fewshot.platform.kafka.RecordLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The consumer loop on a real broker: when offsets are committed, retries, dead letters, the concurrency bound. */
@ExtendWith(LocalStackExtension.class)
class RecordLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static RecordLoop loop(LocalStack s, String group, String topic, int concurrency, RecordHandler h,
            EventPublisher p) {
        return new RecordLoop(new RecordLoop.Settings(s.bootstrapServers(), group, topic, concurrency, 2,
                Duration.ofMillis(50), Duration.ofSeconds(6)), h, p).start();
    }

    private static void send(LocalStack s, String topic, String key) throws Exception {
        EventLog.send(s.bootstrapServers(), topic, key, key.getBytes(StandardCharsets.UTF_8));
    }

    private static long committed(LocalStack s, String group, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", s.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata o = m.get(new TopicPartition(topic, 0));
            return o == null ? -1 : o.offset();
        }
    }

    /**
     * The offset the next record on partition 0 gets. The stack is shared by every test class in the JVM,
     * so a topic may already hold records: each test measures from here, never from offset 0.
     */
    private static long endOffset(LocalStack s, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", s.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void offsetIsCommittedOnlyAfterTheWorkIsDone(LocalStack s) throws Exception {
        String topic = Topics.RESULTS_REGISTERED;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EventPublisher p = new EventPublisher(s.bootstrapServers(), "test", Duration.ofSeconds(10));
                RecordLoop l = loop(s, "g-commit", topic, 1, r -> {
                    if (r.key().equals("a")) {
                        started.countDown();
                        release.await();
                    }
                }, p)) {
            long a = endOffset(s, topic);
            send(s, topic, "a");
            assertTrue(started.await(60, TimeUnit.SECONDS));
            Thread.sleep(1500); // many poll/commit rounds while the work runs
            assertTrue(committed(s, "g-commit", topic) <= a, "committed before the work finished");
            release.countDown();
            await(() -> {
                try {
                    return committed(s, "g-commit", topic) == a + 1;
                } catch (Exception e) {
                    return false;
                }
            }, "the commit after the work");
        }
    }

    @Test
    void failingRecordIsRetriedThenDeadLetteredAndTheNextIsProcessed(LocalStack s) throws Exception {
        String topic = Topics.SWEEP_COMPLETED;
        AtomicInteger attempts = new AtomicInteger();
        ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();
        try (EventPublisher p = new EventPublisher(s.bootstrapServers(), "test", Duration.ofSeconds(10));
                RecordLoop l = loop(s, "g-dlq", topic, 1, r -> {
                    if (r.key().equals("bad")) {
                        attempts.incrementAndGet();
                        throw new IllegalStateException("storage is down");
                    }
                    done.add(r.key());
                }, p)) {
            send(s, topic, "bad");
            send(s, topic, "good");
            await(() -> done.contains("good"), "the good record");
            List<ConsumerRecord<String, byte[]>> dlq = EventLog.records(s.bootstrapServers(), Topics.dlq(topic))
                    .stream().filter(r -> "bad".equals(r.key())).toList();
            assertEquals(1, dlq.size());
            assertTrue(new String(dlq.get(0).headers().lastHeader(DeadLetterHeaders.ERROR).value(),
                    StandardCharsets.UTF_8).contains("storage is down"));
            assertEquals(topic, new String(dlq.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(),
                    StandardCharsets.UTF_8), "the one dead-letter format names the source topic");
            ConsumerRecord<String, byte[]> source = EventLog.records(s.bootstrapServers(), topic).stream()
                    .filter(r -> r.key().equals("bad")).findFirst().orElseThrow();
            assertEquals(Long.toString(source.offset()), new String(
                    dlq.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET).value(), StandardCharsets.UTF_8));
            assertEquals(Integer.toString(source.partition()), new String(
                    dlq.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_PARTITION).value(), StandardCharsets.UTF_8));
            assertEquals(2, attempts.get(), "maxAttempts");
        }
    }

    @Test
    void noMoreThanTheBoundRunAtOnce(LocalStack s) throws Exception {
        String topic = Topics.DATASET_INGESTED;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        long[] end = new long[1];
        try (EventPublisher p = new EventPublisher(s.bootstrapServers(), "test", Duration.ofSeconds(10));
                RecordLoop l = loop(s, "g-bound", topic, 2, r -> {
                    if (!r.key().startsWith("r")) {
                        return; // an earlier test class's record on the shared stack
                    }
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(300);
                    running.decrementAndGet();
                    finished.incrementAndGet();
                }, p)) {
            end[0] = endOffset(s, topic) + 6;
            for (int i = 0; i < 6; i++) {
                send(s, topic, "r" + i);
            }
            await(() -> finished.get() == 6, "six records");
            assertEquals(2, most.get());
        }
        await(() -> {
            try {
                return committed(s, "g-bound", topic) == end[0];
            } catch (Exception e) {
                return false;
            }
        }, "all six committed");
    }

    @Test
    void abandonedWorkIsRedeliveredToTheNextConsumer(LocalStack s) throws Exception {
        String topic = Topics.EVALUATION_COMPLETED;
        CountDownLatch first = new CountDownLatch(1);
        try (EventPublisher p = new EventPublisher(s.bootstrapServers(), "test", Duration.ofSeconds(10))) {
            try (RecordLoop l = loop(s, "g-abandon", topic, 1, r -> {
                if (r.key().equals("x")) {
                    first.countDown();
                    throw new RecordHandler.Abandoned("shutting down");
                }
            }, p)) {
                send(s, topic, "x");
                assertTrue(first.await(60, TimeUnit.SECONDS));
            }
            CountDownLatch again = new CountDownLatch(1);
            try (RecordLoop l = loop(s, "g-abandon", topic, 1, r -> {
                if (r.key().equals("x")) {
                    again.countDown();
                }
            }, p)) {
                assertTrue(again.await(60, TimeUnit.SECONDS), "not redelivered");
            }
        }
    }
}
