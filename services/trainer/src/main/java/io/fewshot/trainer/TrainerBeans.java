package io.fewshot.trainer;

import io.fewshot.platform.s3.S3Store;
import io.fewshot.support.DatasetCache;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.KafkaPing;
import io.fewshot.support.RunStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Wires the plain trainer core and the shared plumbing from the typed configuration. */
public class TrainerBeans {
    @Produces
    @Singleton
    S3Store s3(TrainerConfig config) {
        TrainerConfig.S3 s3 = config.s3();
        return new S3Store(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), s3.bucket());
    }

    void closeS3(@Disposes S3Store store) {
        store.close();
    }

    @Produces
    @Singleton
    EventPublisher events(TrainerConfig config) {
        return new EventPublisher(config.kafka().bootstrapServers(), "fewshot-trainer", config.kafka().timeout());
    }

    void closeEvents(@Disposes EventPublisher events) {
        events.close();
    }

    @Produces
    @Singleton
    KafkaPing kafkaPing(TrainerConfig config) {
        return new KafkaPing(config.kafka().bootstrapServers(), java.time.Duration.ofSeconds(5));
    }

    void closePing(@Disposes KafkaPing ping) {
        ping.close();
    }

    @Produces
    @Singleton
    RunStore runs(S3Store s3) {
        return new RunStore(s3);
    }

    @Produces
    @Singleton
    DatasetCache datasets(S3Store s3, TrainerConfig config) {
        return new DatasetCache(s3, Path.of(config.workDir()).resolve("datasets"));
    }

    @Produces
    @Singleton
    FeatureExtractorMirror extractors(S3Store s3, TrainerConfig config) {
        Path root = Path.of(config.workDir()).resolve("feature-extractors");
        // The engine finds its feature-extractor store through this property; the mirror keeps it in the bucket.
        System.setProperty(FeatureExtractorStore.PROPERTY, root.toString());
        return new FeatureExtractorMirror(s3, root);
    }

    @Produces
    @Singleton
    RunTraining training(RunStore runs, DatasetCache datasets, EventPublisher events, FeatureExtractorMirror extractors,
            RunBoard board, TrainerConfig config) {
        return new RunTraining(runs, datasets, events, extractors, Path.of(config.workDir()),
                config.checkpointInterval(), board);
    }
}
