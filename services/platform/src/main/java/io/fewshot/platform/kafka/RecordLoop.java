package io.fewshot.platform.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Consumes its topics with at-least-once delivery: at most {@code concurrency} records are worked on
 * at once, and a partition's offset is committed only past records whose work has finished (its
 * effects durable, or the record dead-lettered). Work may take hours: while every worker is busy
 * the partitions are paused and the consumer keeps polling, so the group never times it out.
 *
 * <p>Only the loop's own thread touches the KafkaConsumer; workers report back through a queue.
 */
public final class RecordLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecordLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * How the loop reads its topics and what it does with a record that keeps failing. With concurrency 1
     * records are handled one at a time, in order within a partition.
     *
     * @param sessionTimeout how soon the group notices a consumer that died without leaving (a killed
     *                       pod): its partitions wait that long before another member gets them
     */
    public record Settings(String bootstrapServers, String groupId, List<String> topics, int concurrency,
            int maxAttempts, Duration retryBackoff, Duration sessionTimeout) {
        public Settings {
            topics = List.copyOf(topics);
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("a record loop needs at least one topic");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
            }
        }

        /** One topic: what a stage service consumes. */
        public Settings(String bootstrapServers, String groupId, String topic, int concurrency, int maxAttempts,
                Duration retryBackoff, Duration sessionTimeout) {
            this(bootstrapServers, groupId, List.of(topic), concurrency, maxAttempts, retryBackoff, sessionTimeout);
        }

        String name() {
            return String.join(",", topics);
        }
    }

    private record Done(TopicPartition partition, long offset, boolean commit) {
    }

    private final Settings settings;
    private final RecordHandler handler;
    private final EventPublisher publisher;
    private final ExecutorService workers;
    private final Semaphore permits;
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    private final Queue<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
    private final Map<TopicPartition, Long> finished = new HashMap<>();
    private final Set<TopicPartition> blocked = new HashSet<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public RecordLoop(Settings settings, RecordHandler handler, EventPublisher publisher) {
        this.settings = settings;
        this.handler = handler;
        this.publisher = publisher;
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "work-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        this.permits = new Semaphore(settings.concurrency());
        this.thread = new Thread(this::run, "consume-" + settings.name());
    }

    public RecordLoop start() {
        thread.start();
        return this;
    }

    /** True while the service is shutting down: long work should stop at its next safe point. */
    public boolean stopping() {
        return stopping;
    }

    /** False once the consuming thread has ended (closed, or stopped by an error it could not survive). */
    public boolean running() {
        return thread.isAlive();
    }

    /** Records being worked on now. */
    public int busy() {
        return settings.concurrency() - permits.availablePermits();
    }

    private void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(settings.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.max(1, settings.concurrency())));
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(settings.topics(), new Rebalance());
            try {
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                        pending.add(r);
                    }
                    if (!stopping) {
                        dispatch();
                    }
                    if (pending.isEmpty()) {
                        c.resume(c.paused());
                    } else {
                        c.pause(c.assignment());
                    }
                    commitFinished();
                }
            } catch (WakeupException e) {
                // close() woke the poll: commit what finished, then leave
            }
            commitFinished();
        } catch (RuntimeException e) {
            LOG.errorf(e, "consumer of %s stopped", settings.name());
        } finally {
            consumer = null;
        }
    }

    private void dispatch() {
        while (!pending.isEmpty() && permits.tryAcquire()) {
            ConsumerRecord<String, byte[]> r = pending.poll();
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!inFlight.computeIfAbsent(tp, k -> new TreeSet<>()).add(r.offset())) {
                // Fetched again after a rebalance while its work still runs: that work will commit it.
                permits.release();
                continue;
            }
            workers.execute(() -> {
                boolean commit = false;
                try {
                    commit = process(r);
                } finally {
                    done.add(new Done(tp, r.offset(), commit));
                    permits.release();
                }
            });
        }
    }

    /** @return true if the offset may be committed (handled, or dead-lettered) */
    private boolean process(ConsumerRecord<String, byte[]> r) {
        String where = r.topic() + "/" + r.partition() + "@" + r.offset() + " key=" + r.key();
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(r);
                return true;
            } catch (RecordHandler.Abandoned e) {
                LOG.infof("left %s for redelivery: %s", where, e.getMessage());
                return false;
            } catch (RecordHandler.Unprocessable | IllegalArgumentException e) {
                return deadLetter(r, where, e);
            } catch (Exception e) {
                if (attempt >= settings.maxAttempts() || stopping) {
                    if (stopping) {
                        LOG.warnf("left %s for redelivery after a failure during shutdown: %s", where, e);
                        return false;
                    }
                    return deadLetter(r, where, e);
                }
                LOG.warnf("attempt %d of %d on %s failed, retrying: %s", attempt, settings.maxAttempts(), where, e);
                sleep(settings.retryBackoff().multipliedBy(attempt));
            }
        }
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> r, String where, Exception e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        try {
            publisher.deadLetter(r, error);
            LOG.warnf("dead-lettered %s: %s", where, error);
            return true;
        } catch (RuntimeException failed) {
            LOG.errorf(failed, "could not dead-letter %s (%s); it stays uncommitted", where, error);
            return false;
        }
    }

    private void commitFinished() {
        for (Done d; (d = done.poll()) != null;) {
            inFlight.get(d.partition()).remove(d.offset());
            if (d.commit()) {
                finished.merge(d.partition(), d.offset(), Math::max);
            } else {
                blocked.add(d.partition());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : finished.entrySet()) {
            TopicPartition tp = e.getKey();
            if (blocked.contains(tp)) {
                continue;
            }
            TreeSet<Long> running = inFlight.getOrDefault(tp, new TreeSet<>());
            long next = running.isEmpty() ? e.getValue() + 1 : running.first();
            List<Long> waiting = pending.stream()
                    .filter(r -> r.partition() == tp.partition() && r.topic().equals(tp.topic()))
                    .map(ConsumerRecord::offset).toList();
            if (!waiting.isEmpty()) {
                next = Math.min(next, waiting.stream().mapToLong(Long::longValue).min().getAsLong());
            }
            if (next > committed.getOrDefault(tp, -1L)) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        }
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
                offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
            } catch (RuntimeException e) {
                LOG.warnf("commit of %s failed (the records will be redelivered): %s", offsets, e);
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitFinished();
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            partitions.forEach(tp -> {
                finished.remove(tp);
                committed.remove(tp);
                blocked.remove(tp);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops polling, lets running work reach its next safe point (the handler sees
     * {@link #stopping()}), commits what finished, and closes the consumer.
     */
    @Override
    public void close() {
        stopping = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("work did not stop within 2 minutes; its records will be redelivered");
            }
            closed = true;
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
