package io.fewshot.trainer;

import io.fewshot.support.stage.StageConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The trainer's configuration under "trainer": what every stage has ({@link StageConfig}: Kafka, S3,
 * work dir, threads, concurrency) and what only training needs. application.properties maps the
 * deployment's environment (KAFKA_BOOTSTRAP_SERVERS, S3_*, FSB_SWEEP_ID, TRAINER_THREADS, ...).
 */
@ConfigMapping(prefix = "trainer")
public interface TrainerConfig extends StageConfig {
    /** A step checkpoint is also written when this long has passed since the last one. */
    @WithDefault("10m")
    Duration checkpointInterval();

    /** cpu (default) or gpu; gpu fails at start-up unless the engine sees a GPU. */
    @WithDefault("cpu")
    String device();

    /** Sweep id of a run started in command mode (Argo passes the workflow's name). */
    @WithDefault("adhoc")
    String sweepId();
}
