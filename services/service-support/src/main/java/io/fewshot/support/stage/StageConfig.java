package io.fewshot.support.stage;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The configuration every stage service has (trainer, evaluator): its Kafka and S3, its scratch
 * folder, threads and concurrency. Each service's own {@code @ConfigMapping} extends it under its
 * prefix and adds what only it has; application.properties maps the deployment's environment
 * (KAFKA_BOOTSTRAP_SERVERS, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_BUCKET).
 */
public interface StageConfig {
    Kafka kafka();

    S3 s3();

    /** Local scratch: runs/<runId>/ while a run is worked on, datasets/ as the dataset cache. */
    String workDir();

    /** PyTorch intra-op threads; default: the machine's cores (more than that makes them fight). */
    Optional<Integer> threads();

    /** Runs worked on at once. */
    @WithDefault("1")
    int maxConcurrentRuns();

    /** Consume the stage's topic when started without a command; false: serve HTTP only. */
    @WithDefault("true")
    boolean consume();

    interface Kafka {
        String bootstrapServers();

        /** The consumer group, also the producer's client id. */
        String groupId();

        /** How long to wait for Kafka to acknowledge an event. */
        @WithDefault("30s")
        Duration timeout();

        /** Attempts on a record whose handling fails outside the run (e.g. S3 down) before it is dead-lettered. */
        @WithDefault("3")
        int maxAttempts();

        @WithDefault("2s")
        Duration retryBackoff();

        /** How soon the group hands a dead (killed, not stopped) consumer's partitions to another. */
        @WithDefault("45s")
        Duration sessionTimeout();
    }

    interface S3 {
        String endpoint();

        String accessKey();

        String secretKey();

        /** For the local stack's S3Proxy this must be "filesystem-nio2". */
        String region();

        String bucket();
    }
}
