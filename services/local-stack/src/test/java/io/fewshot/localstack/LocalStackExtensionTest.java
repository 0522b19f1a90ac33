package io.fewshot.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class LocalStackExtensionTest {

    // Whichever class runs first records its stack; the other must be handed the very same one.
    private static LocalStack seenFirst;

    private static void assertSameStackAcrossClasses(LocalStack stack) {
        if (seenFirst == null) {
            seenFirst = stack;
        } else {
            assertSame(seenFirst, stack, "each test class started its own stack");
        }
    }

    @Test
    void injectsARunningStackOnRandomPortsInATempDirectory(LocalStack stack) throws Exception {
        assertSameStackAcrossClasses(stack);
        assertTrue(stack.kafkaPort() != LocalStackConfig.DEFAULT_KAFKA_PORT && stack.kafkaPort() > 0);
        assertTrue(stack.s3Port() != LocalStackConfig.DEFAULT_S3_PORT && stack.s3Port() > 0);
        assertTrue(stack.dataDir().getFileName().toString().startsWith("fewshot-local-stack-"), stack.dataDir().toString());

        KafkaClients.send(stack.bootstrapServers(), "extension-topic", "k", "v");
        assertEquals(1, KafkaClients.readFromStart(stack.bootstrapServers(), "extension-topic", 1,
                Duration.ofSeconds(30)).size());

        byte[] content = {1, 2, 3};
        try (MinioClient minio = stack.newMinioClient()) {
            minio.putObject(PutObjectArgs.builder().bucket(stack.bucket()).object("extension/object")
                    .stream(new ByteArrayInputStream(content), 3L, -1L).build());
            try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(stack.bucket())
                    .object("extension/object").build())) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @Nested
    class AnotherTestClass {

        @Test
        void getsTheSameStackInsteadOfStartingASecond(LocalStack stack) {
            assertSameStackAcrossClasses(stack);
        }
    }
}
