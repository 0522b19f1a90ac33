package io.fewshot.evaluator;

import io.fewshot.support.stage.StageConfig;
import io.smallrye.config.ConfigMapping;

/**
 * The evaluator's configuration under "evaluator": what every stage has ({@link StageConfig}: Kafka,
 * S3, work dir, threads, concurrency); evaluation needs nothing more. application.properties maps the
 * deployment's environment (KAFKA_BOOTSTRAP_SERVERS, S3_*, ...).
 */
@ConfigMapping(prefix = "evaluator")
public interface EvaluatorConfig extends StageConfig {
}
