package io.fewshot.platform.s3;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few S3 operations the services need, on one bucket, over the MinIO client (any S3-compatible
 * endpoint). Every failure is a {@link StorageException}.
 */
public final class S3Store implements AutoCloseable {
    private final MinioClient client;
    private final String bucket;

    private final String endpoint;

    public S3Store(String endpoint, String accessKey, String secretKey, String region, String bucket) {
        this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region).build();
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    /**
     * A store that gives up sooner than the client's defaults (minutes): for a command-line tool, where
     * a person waits for the answer.
     */
    public S3Store(String endpoint, String accessKey, String secretKey, String region, String bucket,
            Duration connectTimeout, Duration ioTimeout) {
        this(endpoint, accessKey, secretKey, region, bucket);
        client.setTimeout(connectTimeout.toMillis(), ioTimeout.toMillis(), ioTimeout.toMillis());
    }

    public String endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    public boolean bucketExists() {
        return call(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()),
                "check the bucket");
    }

    public void ensureBucket() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        }, "create the bucket");
    }

    public void putFile(String key, Path file) {
        call(() -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                .filename(file.toString()).contentType("application/octet-stream").build()), "upload " + key);
    }

    public void putBytes(String key, byte[] bytes, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                .contentType(contentType).build()), "upload " + key);
    }

    /** The object's bytes, or null if there is no such object. */
    public byte[] getBytesOrNull(String key) {
        return call(() -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return null;
                }
                throw e;
            }
        }, "read " + key);
    }

    public void download(String key, Path target) {
        call(() -> {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key)
                    .filename(target.toString()).build());
            return null;
        }, "download " + key);
    }

    public boolean exists(String key) {
        return call(() -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return false;
                }
                throw e;
            }
        }, "stat " + key);
    }

    /** Server-side copy within the bucket. */
    public void copy(String from, String to) {
        call(() -> client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(to)
                .source(SourceObject.builder().bucket(bucket).object(from).build()).build()),
                "copy " + from + " to " + to);
    }

    /** Every key under a prefix, recursively, sorted. */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>(sizes(prefix).keySet());
        java.util.Collections.sort(keys);
        return keys;
    }

    /** Key to size of every object under a prefix. */
    public java.util.Map<String, Long> sizes(String prefix) {
        return call(() -> {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    out.put(item.objectName(), item.size());
                }
            }
            return out;
        }, "list " + prefix);
    }

    public void deletePrefix(String prefix) {
        for (String key : list(prefix)) {
            call(() -> {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                return null;
            }, "delete " + key);
        }
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse() == null ? "" : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                || (e.response() != null && e.response().code() == 404);
    }

    private interface S3Call<T> {
        T run() throws MinioException, IOException;
    }

    private <T> T call(S3Call<T> op, String what) {
        try {
            return op.run();
        } catch (MinioException | IOException | RuntimeException e) {
            // RuntimeException too: the MinIO client wraps a refused connection in an IllegalStateException.
            throw new StorageException("S3 at " + endpoint + ", bucket " + bucket + ": could not " + what + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // closing only releases connections; nothing to recover
        }
    }
}
