package io.fewshot.cli;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.platform.s3.StorageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** The sweep's objects in S3: {@code sweeps/<id>/plan.json}, which the registry reads to know the cells. */
public final class SweepObjects implements AutoCloseable {
    private final S3Store store;

    public SweepObjects(FsbConfig config) {
        this.store = new S3Store(config.s3Endpoint().toString(), config.s3AccessKey(), config.s3SecretKey(),
                config.s3Region(), config.s3Bucket(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Writes the plan under its sweep id; the bucket must exist (the deployment creates it). */
    public void putPlan(SweepPlan plan) {
        String key = ObjectKeys.sweepPlan(plan.sweepId());
        byte[] json = plan.toJson().getBytes(StandardCharsets.UTF_8);
        call(() -> {
            if (!store.bucketExists()) {
                throw new CliException("bucket '" + store.bucket() + "' does not exist at " + store.endpoint(),
                        CliException.FAILED);
            }
            store.putBytes(key, json, "application/json");
            return null;
        });
    }

    /** The sweep's plan, or empty when it has none (e.g. a sweep submitted to Argo). */
    public Optional<SweepPlan> plan(String sweepId) {
        byte[] json = call(() -> store.getBytesOrNull(ObjectKeys.sweepPlan(sweepId)));
        return json == null ? Optional.empty()
                : Optional.of(SweepPlan.fromJson(new String(json, StandardCharsets.UTF_8)));
    }

    private static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (StorageException e) {
            throw new CliException(e.getMessage() + hint(e), CliException.FAILED, e);
        }
    }

    private static String hint(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return " (is the endpoint running? locally: scripts/local-stack.sh)";
            }
        }
        return "";
    }

    @Override
    public void close() {
        store.close();
    }
}
