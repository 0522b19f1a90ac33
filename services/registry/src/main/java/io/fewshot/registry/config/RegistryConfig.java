package io.fewshot.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the registry reads from configuration ({@code registry.*}; environment
 * {@code REGISTRY_KAFKA_BOOTSTRAP_SERVERS}, {@code REGISTRY_S3_ENDPOINT}, {@code REGISTRY_WRITE_TOKEN}, ...).
 * The database is Quarkus' own: the datasource named {@code h2} or {@code postgresql}, whichever is active.
 */
@ConfigMapping(prefix = "registry")
public interface RegistryConfig {

    /** Bearer token every write endpoint requires; without one, write endpoints refuse every call. */
    Optional<String> writeToken();

    Kafka kafka();

    S3 s3();

    interface Kafka {
        /** False runs the registry as a read-only API over its database (no consumer, no producer). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        @WithDefault("fewshot-registry")
        String groupId();

        /** Wait before retrying a message whose processing failed for a reason other than its content. */
        @WithDefault("2s")
        Duration retryBackoff();

        /** Attempts before such a message is parked on the topic's .dlq twin. */
        @WithDefault("5")
        int maxAttempts();

        /** How soon the group hands a dead (killed, not stopped) registry's partitions to another. */
        @WithDefault("45s")
        Duration sessionTimeout();
    }

    interface S3 {
        @WithDefault("http://127.0.0.1:9000")
        String endpoint();

        @WithDefault("fewshot")
        String accessKey();

        @WithDefault("fewshot-local-secret")
        String secretKey();

        /** S3Proxy (the local stack) accepts only its blob store's id as region. */
        @WithDefault("filesystem-nio2")
        String region();

        @WithDefault("fewshot")
        String bucket();
    }
}
