package io.fewshot.evaluator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * All of the evaluator's configuration, typed, under "evaluator" (application.properties maps the
 * deployment's environment: KAFKA_BOOTSTRAP_SERVERS, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY,
 * S3_REGION, S3_BUCKET, ...).
 */
@ConfigMapping(prefix = "evaluator")
public interface EvaluatorConfig {
    Kafka kafka();

    S3 s3();

    /** Local scratch: runs/<runId>/ while a run is evaluated, datasets/ as the dataset cache. */
    String workDir();

    /** PyTorch intra-op threads; default: the machine's cores. */
    Optional<Integer> threads();

    /** Runs evaluated at once. */
    @WithDefault("1")
    int maxConcurrentRuns();

    /** Consume fsl.training.completed.v1 (service mode); command mode turns it off. */
    @WithDefault("true")
    boolean consume();

    interface Kafka {
        String bootstrapServers();

        @WithDefault("fewshot-evaluator")
        String groupId();

        @WithDefault("30s")
        Duration timeout();

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

        String region();

        String bucket();
    }
}
