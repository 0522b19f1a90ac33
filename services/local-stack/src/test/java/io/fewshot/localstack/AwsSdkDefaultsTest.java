package io.fewshot.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A current AWS SDK for Java v2 at its default settings writes to and reads from the local stack.
 * Those defaults send flexible checksums (x-amz-checksum-crc32, aws-chunked bodies with trailers),
 * which the endpoint must accept; only what any S3-compatible endpoint needs is configured here.
 */
class AwsSdkDefaultsTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void putMultipartUploadAndReadBackAtTheSdksDefaults() throws Exception {
        Random random = new Random(42);
        byte[] small = bytes(random, 3 * 1024);
        List<byte[]> parts = List.of(bytes(random, 5 * MIB), bytes(random, 5 * MIB), bytes(random, MIB + 17));
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir));
             S3Client s3 = defaultClient(stack)) {
            String bucket = stack.bucket();

            s3.putObject(b -> b.bucket(bucket).key("runs/r1/eval.json"), RequestBody.fromBytes(small));
            assertArrayEquals(small, s3.getObjectAsBytes(b -> b.bucket(bucket).key("runs/r1/eval.json")).asByteArray());

            String key = "runs/r1/checkpoints/final/checkpoint.ckpt";
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            List<CompletedPart> done = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                int number = i + 1;
                UploadPartResponse part = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number), RequestBody.fromBytes(parts.get(number - 1)));
                done.add(CompletedPart.builder().partNumber(number).eTag(part.eTag())
                        .checksumCRC32(part.checksumCRC32()).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()));

            byte[] whole = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            assertEquals(11 * MIB + 17, whole.length);
            assertArrayEquals(concat(parts), whole);
        }
    }

    private static S3Client defaultClient(LocalStack stack) {
        return S3Client.builder()
                .endpointOverride(URI.create(stack.s3Endpoint()))
                .region(Region.of(stack.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.accessKey(), stack.secretKey())))
                .build();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
