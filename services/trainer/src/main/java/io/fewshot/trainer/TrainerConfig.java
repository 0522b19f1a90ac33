package io.fewshot.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * All of the trainer's configuration, typed, under "trainer" (application.properties maps the
 * deployment's environment: KAFKA_BOOTSTRAP_SERVERS, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY,
 * S3_REGION, S3_BUCKET, FSB_SWEEP_ID, TRAINER_THREADS, ...).
 */
@ConfigMapping(prefix = "trainer")
public interface TrainerConfig {
    Kafka kafka();

    S3 s3();

    /** Local scratch: runs/<runId>/ while a run trains, datasets/ as the dataset cache. */
    String workDir();

    /** PyTorch intra-op threads; default: the machine's cores (more than that makes them fight). */
    Optional<Integer> threads();

    /** A step checkpoint is also written when this long has passed since the last one. */
    @WithDefault("10m")
    Duration checkpointInterval();

    /** Runs this trainer trains at once. */
    @WithDefault("1")
    int maxConcurrentRuns();

    /** cpu (default) or gpu; gpu fails at start-up unless the engine sees a GPU. */
    @WithDefault("cpu")
    String device();

    /** Consume fsl.training.requested.v1 (service mode); command mode turns it off. */
    @WithDefault("true")
    boolean consume();

    /** Sweep id of a run started in command mode (Argo passes the workflow's name). */
    @WithDefault("adhoc")
    String sweepId();

    interface Kafka {
        String bootstrapServers();

        @WithDefault("fewshot-trainer")
        String groupId();

        /** How long to wait for Kafka to acknowledge an event. */
        @WithDefault("30s")
        Duration timeout();

        /** Attempts on a request whose handling fails outside the run (e.g. S3 down) before it is dead-lettered. */
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

        /** For the local stack's s3proxy this must be "filesystem-nio2". */
        String region();

        String bucket();
    }
}
