package io.fewshot.cli.watch;

import io.fewshot.cli.CliException;
import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows a sweep's topics from their beginning (so a watcher started late still sees every cell)
 * until the sweep's fsl.sweep.completed.v1 arrives or the deadline passes. Reads in a group of its
 * own and commits nothing: watching never disturbs the services' consumers.
 */
public final class SweepWatcher {
    static final List<String> TOPICS = List.of(Topics.TRAINING_REQUESTED, Topics.TRAINING_PROGRESS,
            Topics.TRAINING_COMPLETED, Topics.TRAINING_FAILED, Topics.EVALUATION_COMPLETED, Topics.RESULTS_REGISTERED,
            Topics.SWEEP_COMPLETED);
    private static final int MAX_WARNINGS = 5;

    private final String bootstrapServers;
    private final PrintStream warnings;
    private final Clock clock;
    private int skipped;

    public SweepWatcher(String bootstrapServers, PrintStream warnings, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.warnings = warnings;
        this.clock = clock;
    }

    /** Returns true when the sweep completed, false when the deadline came first. */
    public boolean follow(SweepState state, SweepView view, Instant deadline) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            probe(consumer);
            consumer.subscribe(TOPICS);
            while (!state.isCompleted() && clock.instant().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    CloudEvent<?> event = decode(record);
                    if (event != null) {
                        state.apply(event).ifPresent(u -> view.show(state, u));
                    }
                }
            }
            return state.isCompleted();
        }
    }

    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return EventCodec.decodeAny(record.value());
        } catch (ContractViolation e) {
            if (++skipped <= MAX_WARNINGS) {
                warnings.println("watch: skipped a malformed event (" + record.topic() + " offset " + record.offset()
                        + "): " + e.getMessage());
            }
            return null;
        }
    }

    /** Fails fast, with the address, when no broker answers (the consumer itself would retry forever). */
    private void probe(KafkaConsumer<String, byte[]> consumer) {
        try {
            consumer.listTopics(Duration.ofSeconds(15));
        } catch (TimeoutException e) {
            throw new CliException("Kafka at " + bootstrapServers + " did not answer within 15 s (is the broker"
                    + " running? locally: scripts/local-stack.sh)", CliException.FAILED, e);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fsb-watch-" + UUID.randomUUID());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fsb-watch");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // New topics (a sweep's first events) are picked up within a second.
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        return p;
    }
}
