package io.fewshot.ingest.events;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.DatasetIngested;
import io.fewshot.contracts.events.PartitionSize;
import io.fewshot.contracts.events.Sources;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.ingest.core.DatasetEvents;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.platform.kafka.EventPublisher;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Publishes fsl.dataset.ingested.v1 through the platform's publisher, keyed by name@version. */
public final class KafkaDatasetEvents implements DatasetEvents, AutoCloseable {
    private final EventPublisher publisher;

    public KafkaDatasetEvents(String bootstrapServers, long timeoutMs) {
        this.publisher = new EventPublisher(bootstrapServers, "fewshot-ingest", Duration.ofMillis(timeoutMs));
    }
    /** The event for a manifest: counts over the default split scheme's pools. */
    public static CloudEvent<DatasetIngested> event(DatasetManifest m, String manifestKey, String manifestSha256) {
        Map<String, Integer> perClass = new HashMap<>();
        m.classes().forEach(c -> perClass.put(c.name(), c.images()));
        Map<String, PartitionSize> partitions = new LinkedHashMap<>();
        int classes = 0;
        int images = 0;
        for (Map.Entry<String, List<String>> pool : m.splits().get(m.defaultSplit()).entrySet()) {
            int n = 0;
            for (String cls : pool.getValue()) {
                Integer count = perClass.get(cls);
                n += count != null ? count : perClass.getOrDefault(cls.replaceAll("/rot\\d{3}$", ""), 0);
            }
            partitions.put(pool.getKey(), new PartitionSize(pool.getValue().size(), n));
            classes += pool.getValue().size();
            images += n;
        }
        DatasetIngested data = new DatasetIngested(m.name(), m.version(), m.defaultSplit(), manifestKey,
                manifestSha256, m.image().height(), m.image().channels(), classes, images, partitions);
        return CloudEvent.of(Sources.INGEST, data);
    }

    @Override
    public void ingested(DatasetManifest manifest, String manifestKey, String manifestSha256) {
        try {
            publisher.publish(event(manifest, manifestKey, manifestSha256));
        } catch (RuntimeException e) {
            throw new IngestException(Code.STORAGE_FAILURE, "could not publish " + Topics.DATASET_INGESTED + " for "
                    + manifest.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
