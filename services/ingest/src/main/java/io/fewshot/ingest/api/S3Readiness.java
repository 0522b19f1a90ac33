package io.fewshot.ingest.api;

import io.fewshot.ingest.store.S3Store;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the object store answers a listing of the datasets prefix. */
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
            store.ensureBucket();
            return HealthCheckResponse.up("s3 bucket " + store.bucket());
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("s3 bucket " + store.bucket()).down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
