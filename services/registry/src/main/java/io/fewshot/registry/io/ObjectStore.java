package io.fewshot.registry.io;

import io.fewshot.registry.config.RegistryConfig;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The bucket: reads plan.json and eval.json, writes the sweep tables. */
@Singleton
public class ObjectStore {
    private final MinioClient client;
    private final String bucket;

    @Inject
    public ObjectStore(RegistryConfig config) {
        RegistryConfig.S3 s3 = config.s3();
        this.client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region()).build();
        this.bucket = s3.bucket();
    }

    /** The object's text, or empty if there is no such object; any other failure is thrown. */
    public Optional<String> readText(String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageException("reading s3://" + bucket + "/" + key, e);
        } catch (Exception e) {
            throw new StorageException("reading s3://" + bucket + "/" + key, e);
        }
    }

    public void writeText(String key, String text, String contentType) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).contentType(contentType).build());
        } catch (Exception e) {
            throw new StorageException("writing s3://" + bucket + "/" + key, e);
        }
    }

    public String bucket() {
        return bucket;
    }

    @PreDestroy
    void close() throws Exception {
        client.close();
    }

    /** The object store failed (not the message): a reason to retry. */
    public static class StorageException extends RuntimeException {
        StorageException(String what, Exception cause) {
            super(what + ": " + cause.getMessage(), cause);
        }
    }
}
