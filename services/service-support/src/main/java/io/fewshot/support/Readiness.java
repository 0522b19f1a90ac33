package io.fewshot.support;

import io.fewshot.platform.s3.S3Store;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The two readiness checks of a service that lives on Kafka and S3: each service produces the
 * {@link KafkaPing} and {@link S3Store} beans from its own configuration.
 */
public final class Readiness {
    private Readiness() {
    }

    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class Kafka implements HealthCheck {
        private final KafkaPing ping;

        public Kafka(KafkaPing ping) {
            this.ping = ping;
        }

        @Override
        public HealthCheckResponse call() {
            try {
                return HealthCheckResponse.named("kafka").up().withData("clusterId", ping.clusterId()).build();
            } catch (Exception e) {
                return HealthCheckResponse.named("kafka").down().withData("error", String.valueOf(e)).build();
            }
        }
    }

    @org.eclipse.microprofile.health.Readiness
    @ApplicationScoped
    public static class S3 implements HealthCheck {
        private final S3Store store;

        public S3(S3Store store) {
            this.store = store;
        }

        @Override
        public HealthCheckResponse call() {
            try {
                store.ensureBucket();
                return HealthCheckResponse.named("s3").up().withData("bucket", store.bucket()).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.named("s3").down().withData("error", String.valueOf(e.getMessage()))
                        .build();
            }
        }
    }
}
