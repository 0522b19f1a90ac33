package io.fewshot.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.minio.MinioClient;

/**
 * A real Kafka broker (KRaft) and a real S3 endpoint, both in this JVM on 127.0.0.1, with their
 * data under one directory. Start with {@link #start(LocalStackConfig)}; close to stop both.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalStackConfig config;
    private final DataDirLock lock;
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final Duration startupTime;
    private boolean closed;

    private LocalStack(LocalStackConfig config, DataDirLock lock, EmbeddedKafka kafka, EmbeddedS3 s3,
                       Duration startupTime) {
        this.config = config;
        this.lock = lock;
        this.kafka = kafka;
        this.s3 = s3;
        this.startupTime = startupTime;
    }

    /**
     * Starts Kafka and S3 in parallel and returns when both accept clients.
     *
     * @throws IllegalStateException if another stack runs on the same data directory, or if either
     *                               side fails to start (the other one is then stopped again)
     */
    public static LocalStack start(LocalStackConfig config) throws Exception {
        long begin = System.nanoTime();
        DataDirLock lock = DataDirLock.acquire(config.dataDir());
        ExecutorService starter = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "local-stack-start");
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(() -> call(() -> EmbeddedKafka.start(
                config.kafkaPort(), config.controllerPort(), kafkaDir(config))), starter);
        CompletableFuture<EmbeddedS3> s3 = CompletableFuture.supplyAsync(() -> call(() -> EmbeddedS3.start(
                config.s3Port(), s3Dir(config), config.accessKey(), config.secretKey(), config.bucket())), starter);
        try {
            CompletableFuture.allOf(kafka, s3).join();
            Duration startupTime = Duration.ofNanos(System.nanoTime() - begin);
            return new LocalStack(config, lock, kafka.join(), s3.join(), startupTime);
        } catch (CompletionException e) {
            // Whichever side did start must not linger.
            closeIfStarted(kafka, e);
            closeIfStarted(s3, e);
            closeQuietly(lock, e);
            throw unwrap(e);
        } finally {
            starter.shutdown();
        }
    }

    /** Where the broker keeps its logs. */
    public static Path kafkaDir(LocalStackConfig config) {
        return config.dataDir().resolve("kafka");
    }

    /** Where the blob store keeps buckets (one directory each) and objects (one file each). */
    public static Path s3Dir(LocalStackConfig config) {
        return config.dataDir().resolve("s3");
    }

    /** For kafka-clients' {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int kafkaPort() {
        return kafka.port();
    }

    /** For an S3 client's endpoint, e.g. {@code http://127.0.0.1:9000}. */
    public String s3Endpoint() {
        return s3.endpoint();
    }

    public int s3Port() {
        return s3.port();
    }

    public String accessKey() {
        return config.accessKey();
    }

    public String secretKey() {
        return config.secretKey();
    }

    /** The region S3 clients must use: S3Proxy refuses CreateBucket in any other. */
    public String region() {
        return EmbeddedS3.PROVIDER;
    }

    /** The bucket that exists from the start. */
    public String bucket() {
        return config.bucket();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public LocalStackConfig config() {
        return config;
    }

    /** From the call to {@link #start} until both sides accepted clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /** A MinIO client for this endpoint, signed with this stack's keys. The caller closes it. */
    public MinioClient newMinioClient() {
        return MinioClient.builder()
                .endpoint(s3Endpoint())
                .credentials(accessKey(), secretKey())
                .region(region())
                .build();
    }

    /** Stops both sides and releases the data directory. Safe to call twice. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try (lock; s3; kafka) {
            // try-with-resources closes kafka, then s3, then the lock, even if one of them fails.
        }
    }

    @Override
    public String toString() {
        return "LocalStack[kafka=" + bootstrapServers() + ", s3=" + s3Endpoint() + ", dataDir=" + dataDir() + "]";
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T call(Step<T> step) {
        try {
            return step.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static void closeIfStarted(CompletableFuture<? extends AutoCloseable> side, Exception failure) {
        // Waits for a side that is still starting, so that it is stopped rather than left running.
        AutoCloseable started;
        try {
            started = side.join();
        } catch (CompletionException notStarted) {
            return;
        }
        closeQuietly(started, failure);
    }

    private static void closeQuietly(AutoCloseable resource, Exception failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static Exception unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof CompletionException nested && nested.getCause() != null) {
            cause = nested.getCause();
        }
        if (cause instanceof Exception exception) {
            for (Throwable suppressed : e.getSuppressed()) {
                exception.addSuppressed(suppressed);
            }
            return exception;
        }
        return e;
    }
}
