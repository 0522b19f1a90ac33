package io.fewshot.registry.io;

import io.fewshot.platform.s3.S3Store;
import io.fewshot.registry.config.RegistryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bucket, as text: reads plan.json and eval.json, writes the sweep tables, over the platform's
 * S3Store (a failure is its {@code StorageException}: a reason to retry, not a bad message).
 */
@Singleton
public class ObjectStore {
    private final S3Store store;

    @Inject
    public ObjectStore(RegistryConfig config) {
        RegistryConfig.S3 s3 = config.s3();
        this.store = new S3Store(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), s3.bucket());
    }

    /** The object's text, or empty if there is no such object; any other failure is thrown. */
    public Optional<String> readText(String key) {
        byte[] bytes = store.getBytesOrNull(key);
        return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    public void writeText(String key, String text, String contentType) {
        store.putBytes(key, text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public String bucket() {
        return store.bucket();
    }

    @PreDestroy
    void close() {
        store.close();
    }
}
