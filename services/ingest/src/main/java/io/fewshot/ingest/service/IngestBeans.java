package io.fewshot.ingest.service;

import io.fewshot.contracts.WriteToken;
import io.fewshot.ingest.archive.ArchiveLimits;
import io.fewshot.ingest.core.IngestSettings;
import io.fewshot.ingest.core.Ingester;
import io.fewshot.ingest.events.KafkaDatasetEvents;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.rest.WriteGuard;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Wires the plain ingest core from the typed configuration. */
public class IngestBeans {
    @Produces
    @Singleton
    S3Store store(IngestConfig config) {
        IngestConfig.S3 s3 = config.s3();
        return new S3Store(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), s3.bucket());
    }

    void closeStore(@Disposes S3Store store) {
        store.close();
    }

    @Produces
    @Singleton
    WriteGuard writeGuard(IngestConfig config) {
        return new WriteGuard(new WriteToken(config.writeToken(), "ingest", "ingest.write-token (INGEST_WRITE_TOKEN)"),
                "fewshot-ingest");
    }

    @Produces
    @Singleton
    KafkaDatasetEvents events(IngestConfig config) {
        return new KafkaDatasetEvents(config.kafka().bootstrapServers(), config.kafka().timeout().toMillis());
    }

    void closeEvents(@Disposes KafkaDatasetEvents events) {
        events.close();
    }

    @Produces
    @Singleton
    Ingester ingester(S3Store store, KafkaDatasetEvents events, IngestConfig config) {
        IngestConfig.Limits l = config.limits();
        IngestSettings settings = new IngestSettings(Path.of(config.workDir()),
                new ArchiveLimits(l.maxEntries(), l.maxTotalBytes(), l.maxEntryBytes(), l.maxRatio()),
                config.maxShardBytes(), config.parallelism().orElse(Runtime.getRuntime().availableProcessors()),
                config.connectTimeout(), config.downloadTimeout());
        return new Ingester(store, events, settings);
    }
}
