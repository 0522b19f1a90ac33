package io.fewshot.ingest.events;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.DatasetIngested;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.KafkaBinding;
import io.fewshot.contracts.events.PartitionSize;
import io.fewshot.contracts.events.Sources;
import io.fewshot.ingest.core.DatasetEvents;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.ml.data.DatasetManifest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes fsl.dataset.ingested.v1 with a plain idempotent Kafka producer, keyed by name@version. */
public final class KafkaDatasetEvents implements DatasetEvents, AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final long timeoutMs;

    public KafkaDatasetEvents(String bootstrapServers, long timeoutMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        int requestTimeout = (int) Math.min(timeoutMs, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMs, requestTimeout + 1));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fewshot-ingest");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.timeoutMs = timeoutMs;
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
        CloudEvent<DatasetIngested> event = event(manifest, manifestKey, manifestSha256);
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DATASET_INGESTED, event.subject(),
                    EventCodec.encode(event));
            record.headers().add(KafkaBinding.CONTENT_TYPE_HEADER, KafkaBinding.structuredContentType());
            producer.send(record).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(Code.STORAGE_FAILURE, "interrupted while publishing " + Topics.DATASET_INGESTED, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new IngestException(Code.STORAGE_FAILURE, "could not publish " + Topics.DATASET_INGESTED + " for "
                    + manifest.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
