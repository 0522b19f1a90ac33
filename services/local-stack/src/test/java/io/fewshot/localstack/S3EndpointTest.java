package io.fewshot.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3EndpointTest {

    @TempDir
    Path dataDir;

    @Test
    void putStatListGetAndRemoveThroughMinio() throws Exception {
        byte[] content = "{\"accuracy\": 0.987}".getBytes(StandardCharsets.UTF_8);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir));
             MinioClient minio = stack.newMinioClient()) {
            String bucket = stack.bucket();
            put(minio, bucket, "runs/r1/eval.json", content);
            put(minio, bucket, "runs/r1/spec.json", "{}".getBytes(StandardCharsets.UTF_8));
            put(minio, bucket, "sweeps/s1/plan.json", "{}".getBytes(StandardCharsets.UTF_8));

            StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object("runs/r1/eval.json").build());
            assertEquals(content.length, stat.size());
            assertEquals("application/json", stat.contentType());

            assertEquals(List.of("runs/r1/eval.json", "runs/r1/spec.json"), list(minio, bucket, "runs/"));

            assertArrayEquals(content, get(minio, bucket, "runs/r1/eval.json"));

            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("runs/r1/eval.json").build());
            assertEquals(List.of("runs/r1/spec.json"), list(minio, bucket, "runs/"));
            ErrorResponseException gone = assertThrows(ErrorResponseException.class,
                    () -> minio.statObject(StatObjectArgs.builder().bucket(bucket).object("runs/r1/eval.json").build()));
            assertEquals("NoSuchKey", gone.errorResponse().code());
        }
    }

    @Test
    void defaultBucketExistsAndClientsCanMakeMore() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir).withBucket("results"));
             MinioClient minio = stack.newMinioClient()) {
            assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket("results").build()));

            minio.makeBucket(MakeBucketArgs.builder().bucket("scratch").build());

            assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket("scratch").build()));
        }
    }

    @Test
    void objectSurvivesARestart() throws Exception {
        byte[] content = "checkpoint bytes".getBytes(StandardCharsets.UTF_8);
        LocalStackConfig config = LocalStackConfig.randomPorts(dataDir);
        try (LocalStack first = LocalStack.start(config); MinioClient minio = first.newMinioClient()) {
            put(minio, first.bucket(), "runs/r2/checkpoints/step-100", content);
        }

        try (LocalStack second = LocalStack.start(config); MinioClient minio = second.newMinioClient()) {
            assertArrayEquals(content, get(minio, second.bucket(), "runs/r2/checkpoints/step-100"));
            assertEquals(List.of("runs/r2/checkpoints/step-100"), list(minio, second.bucket(), "runs/"));
        }
    }

    @Test
    void requestSignedWithAWrongSecretIsRefused() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir));
             MinioClient impostor = MinioClient.builder()
                     .endpoint(stack.s3Endpoint())
                     .credentials(stack.accessKey(), stack.secretKey() + "-wrong")
                     .region(stack.region())
                     .build();
             MinioClient owner = stack.newMinioClient()) {

            ErrorResponseException refusedPut = assertThrows(ErrorResponseException.class,
                    () -> put(impostor, stack.bucket(), "forged", new byte[] {1}));
            assertEquals("SignatureDoesNotMatch", refusedPut.errorResponse().code());
            ErrorResponseException refusedList = assertThrows(ErrorResponseException.class,
                    () -> list(impostor, stack.bucket(), ""));
            assertEquals("SignatureDoesNotMatch", refusedList.errorResponse().code());

            assertEquals(List.of(), list(owner, stack.bucket(), ""), "the refused put wrote nothing");
        }
    }

    private static void put(MinioClient minio, String bucket, String key, byte[] content) throws Exception {
        try (InputStream in = new ByteArrayInputStream(content)) {
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, (long) content.length, -1L).contentType("application/json").build());
        }
    }

    private static byte[] get(MinioClient minio, String bucket, String key) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static List<String> list(MinioClient minio, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> result : minio.listObjects(
                ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
            keys.add(result.get().objectName());
        }
        return keys;
    }
}
