package io.fewshot.cli;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.sweep.SweepPlan;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The sweep's objects in S3: {@code sweeps/<id>/plan.json}, which the registry reads to know the cells. */
public final class SweepObjects implements AutoCloseable {
    private final MinioClient client;
    private final FsbConfig config;

    public SweepObjects(FsbConfig config) {
        this.config = config;
        this.client = MinioClient.builder().endpoint(config.s3Endpoint().toString())
                .credentials(config.s3AccessKey(), config.s3SecretKey()).region(config.s3Region()).build();
        client.setTimeout(5_000, 30_000, 30_000);
    }

    /** Writes the plan under its sweep id; the bucket must exist (the deployment creates it). */
    public void putPlan(SweepPlan plan) {
        String key = ObjectKeys.sweepPlan(plan.sweepId());
        byte[] json = plan.toJson().getBytes(StandardCharsets.UTF_8);
        call("write " + key, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.s3Bucket()).build())) {
                throw new CliException("bucket '" + config.s3Bucket() + "' does not exist at " + config.s3Endpoint(),
                        CliException.FAILED);
            }
            client.putObject(PutObjectArgs.builder().bucket(config.s3Bucket()).object(key).data(json, json.length)
                    .contentType("application/json").build());
            return null;
        });
    }

    /** The sweep's plan, or empty when it has none (e.g. a sweep submitted to Argo). */
    public Optional<SweepPlan> plan(String sweepId) {
        String key = ObjectKeys.sweepPlan(sweepId);
        return call("read " + key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(config.s3Bucket()).object(key)
                    .build())) {
                return Optional.of(SweepPlan.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (ErrorResponseException e) {
                if (e.response() != null && e.response().code() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private interface S3Call<T> {
        T run() throws MinioException, IOException;
    }

    private <T> T call(String what, S3Call<T> op) {
        try {
            return op.run();
        } catch (CliException e) {
            throw e;
        } catch (MinioException | IOException | RuntimeException e) {
            // MinIO 9 wraps connection failures in IllegalStateException.
            throw new CliException("S3 at " + config.s3Endpoint() + ", bucket " + config.s3Bucket() + ": could not "
                    + what + ": " + describe(e), CliException.FAILED, e);
        }
    }

    private static String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused (is the endpoint running? locally: scripts/local-stack.sh)";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // closing releases connections only; without it the JVM lingers a minute at exit
        }
    }
}
