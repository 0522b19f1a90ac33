package io.fewshot.evaluator;

import io.fewshot.platform.s3.S3Store;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.support.DatasetCache;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.KafkaPing;
import io.fewshot.support.RunStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;

/** Wires the plain evaluator core and the shared plumbing from the typed configuration. */
public class EvaluatorBeans {
    @Produces
    @Singleton
    S3Store s3(EvaluatorConfig config) {
        EvaluatorConfig.S3 s3 = config.s3();
        return new S3Store(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), s3.bucket());
    }

    void closeS3(@Disposes S3Store store) {
        store.close();
    }

    @Produces
    @Singleton
    EventPublisher events(EvaluatorConfig config) {
        return new EventPublisher(config.kafka().bootstrapServers(), "fewshot-evaluator", config.kafka().timeout());
    }

    void closeEvents(@Disposes EventPublisher events) {
        events.close();
    }

    @Produces
    @Singleton
    KafkaPing kafkaPing(EvaluatorConfig config) {
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
    RunEvaluator evaluator(RunStore runs, S3Store s3, EventPublisher events, EvaluationBoard board,
            EvaluatorConfig config) {
        Path work = Path.of(config.workDir());
        Path extractorRoot = work.resolve("feature-extractors");
        // The engine finds its feature-extractor store through this property; the mirror fills it from the bucket.
        System.setProperty(FeatureExtractorStore.PROPERTY, extractorRoot.toString());
        return new RunEvaluator(runs, new DatasetCache(s3, work.resolve("datasets")), events,
                new FeatureExtractorMirror(s3, extractorRoot), work, board);
    }
}
