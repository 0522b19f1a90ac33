package io.fewshot.support.stage;

import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.EventData;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.platform.kafka.RecordHandler;
import io.fewshot.platform.kafka.RecordLoop;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * A stage's service mode: one topic consumed in the stage's group, at most {@code maxConcurrentRuns}
 * records at once, each decoded and checked (the record's key must be the run id) before the stage
 * handles it; offsets, retries and dead letters are platform's {@link RecordLoop}. In command mode it
 * consumes nothing.
 *
 * @param <T> the event the topic carries
 */
public final class StageConsumer<T extends EventData> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StageConsumer.class);
    private final StageConfig config;
    private final StageMode mode;
    private final EventPublisher events;
    private final String topic;
    private final Class<T> type;
    private final Function<T, String> runId;
    private volatile RecordLoop loop;

    public StageConsumer(StageConfig config, StageMode mode, EventPublisher events, String topic, Class<T> type,
            Function<T, String> runId) {
        this.config = config;
        this.mode = mode;
        this.events = events;
        this.topic = topic;
        this.type = type;
        this.runId = runId;
    }

    /** Starts consuming if the process is the service; a command, or consume=false, starts nothing. */
    public void start(Consumer<T> handler) {
        if (!mode.consuming()) {
            LOG.infof("%s: not consuming %s", mode.command() ? "command mode" : "consume=false", topic);
            return;
        }
        StageConfig.Kafka k = config.kafka();
        LOG.infof("service mode: consuming %s in group %s, %d at once", topic, k.groupId(), config.maxConcurrentRuns());
        loop = new RecordLoop(new RecordLoop.Settings(k.bootstrapServers(), k.groupId(), topic,
                config.maxConcurrentRuns(), k.maxAttempts(), k.retryBackoff(), k.sessionTimeout()),
                record -> handler.accept(decode(record)), events).start();
    }

    private T decode(ConsumerRecord<String, byte[]> record) {
        T data = EventCodec.decode(record.value(), type).data();
        String id = runId.apply(data);
        if (record.key() != null && !record.key().equals(id)) {
            throw new RecordHandler.Unprocessable("key '" + record.key() + "' is not the run id " + id, null);
        }
        return data;
    }

    /** True once the loop is closing: a long run checkpoints and leaves. */
    public boolean stopping() {
        RecordLoop l = loop;
        return l != null && l.stopping();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }
}
