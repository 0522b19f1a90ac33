package io.fewshot.support.stage;

import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.KafkaPing;
import io.fewshot.support.RunStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;

/** The plumbing every stage service uses, wired once from its {@link StageConfig}. */
public class StageBeans {
    @Produces
    @Singleton
    S3Store s3(StageConfig config) {
        StageConfig.S3 s3 = config.s3();
        return new S3Store(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), s3.bucket());
    }

    void closeS3(@Disposes S3Store store) {
        store.close();
    }

    @Produces
    @Singleton
    EventPublisher events(StageConfig config) {
        return new EventPublisher(config.kafka().bootstrapServers(), config.kafka().groupId(), config.kafka().timeout());
    }

    void closeEvents(@Disposes EventPublisher events) {
        events.close();
    }

    @Produces
    @Singleton
    KafkaPing kafkaPing(StageConfig config) {
        return new KafkaPing(config.kafka().bootstrapServers(), Duration.ofSeconds(5));
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
    DatasetCache datasets(S3Store s3, StageConfig config) {
        return new DatasetCache(s3, Path.of(config.workDir()).resolve("datasets"));
    }

    @Produces
    @Singleton
    FeatureExtractorMirror extractors(S3Store s3, StageConfig config) {
        return new FeatureExtractorMirror(s3, Path.of(config.workDir()).resolve("feature-extractors"));
    }
}
