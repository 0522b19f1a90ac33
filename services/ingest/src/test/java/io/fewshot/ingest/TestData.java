package io.fewshot.ingest;

import io.fewshot.ingest.archive.ArchiveLimits;
import io.fewshot.ingest.core.IngestSettings;
import io.fewshot.ingest.core.Ingester;
import io.fewshot.ingest.events.KafkaDatasetEvents;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.localstack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Where the shared data lives, and ingest wired to a running local stack. */
public final class TestData {
    public static final String BACKGROUND_SHA256 = "7a4cae547f16207901bd3acaabd866c1dbbef4d559dff26d797dbc6423a64a1e";
    public static final String EVALUATION_SHA256 = "d84af890b3ea334eca90f1cb04c6111603a1b620d66b82f86414b8707fbd0e8d";

    private TestData() {
    }

    /** ../shared/datasets/omniglot, found by walking up from the working directory. */
    public static Path omniglot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/omniglot");
            if (Files.isRegularFile(candidate.resolve("images_background.zip"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/datasets/omniglot not found above " + Path.of("").toAbsolutePath());
    }

    public static S3Store store(LocalStack stack) {
        return new S3Store(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(), stack.region(), stack.bucket());
    }

    public static IngestSettings settings(Path workDir) {
        return new IngestSettings(workDir, ArchiveLimits.defaults(), 32L << 20,
                Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** An ingester on the stack; close the returned events producer and store after use. */
    public record Wired(S3Store store, KafkaDatasetEvents events, Ingester ingester) implements AutoCloseable {
        @Override
        public void close() {
            events.close();
            store.close();
        }
    }

    public static Wired wire(LocalStack stack, Path workDir) {
        S3Store store = store(stack);
        KafkaDatasetEvents events = new KafkaDatasetEvents(stack.bootstrapServers(), 15_000);
        return new Wired(store, events, new Ingester(store, events, settings(workDir)));
    }
}
