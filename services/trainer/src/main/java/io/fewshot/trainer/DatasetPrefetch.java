package io.fewshot.trainer;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.DatasetIngested;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.stage.StageConfig;
import io.fewshot.support.stage.StageMode;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.platform.kafka.RecordLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Downloads and decodes a dataset as soon as it is ingested while the trainer runs, so that a
 * sweep's first run does not wait for it (on Omniglot, seconds of every sweep's wall time). Older
 * ingestions are left alone (a new consumer group would otherwise replay the topic's history). Only
 * an optimisation: a failure is logged, never sent to the dead-letter topic, and the run loads the
 * dataset itself.
 */
@ApplicationScoped
public class DatasetPrefetch {
    private static final Logger LOG = Logger.getLogger(DatasetPrefetch.class);

    private final TrainerConfig config;
    private final StageMode mode;
    private final DatasetCache datasets;
    private final EventPublisher events;
    private RecordLoop loop;
    private Instant startedAt;

    public DatasetPrefetch(TrainerConfig config, StageMode mode, DatasetCache datasets, EventPublisher events) {
        this.config = config;
        this.mode = mode;
        this.datasets = datasets;
        this.events = events;
    }

    void onStart(@Observes StartupEvent event) {
        if (!mode.consuming()) {
            return;
        }
        startedAt = Instant.now();
        StageConfig.Kafka k = config.kafka();
        loop = new RecordLoop(new RecordLoop.Settings(k.bootstrapServers(), k.groupId() + "-prefetch",
                Topics.DATASET_INGESTED, 1, 1, k.retryBackoff(), k.sessionTimeout()), this::prefetch, events).start();
    }

    private void prefetch(ConsumerRecord<String, byte[]> record) {
        try {
            CloudEvent<DatasetIngested> e = EventCodec.decode(record.value(), DatasetIngested.class);
            if (e.time().isBefore(startedAt)) {
                return;
            }
            DatasetIngested d = e.data();
            long start = System.nanoTime();
            datasets.load(d.name(), d.version(), d.split());
            LOG.infof("dataset %s@%s (%s) prefetched in %.1f s", d.name(), d.version(), d.split(),
                    (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException ex) {
            LOG.warnf("dataset prefetch skipped (%s); runs will load it themselves", ex.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }
}
