package io.fewshot.ingest.api;

import io.fewshot.platform.s3.S3Store;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the object store answers and the bucket exists (ingest creates it on first use otherwise). */
@Readiness
@ApplicationScoped
public class S3Readiness implements HealthCheck {
    private final S3Store store;

    public S3Readiness(S3Store store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("s3 bucket " + store.bucket()).status(true)
                    .withData("exists", store.bucketExists()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("s3 bucket " + store.bucket()).down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
