package io.fewshot.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LocalStackConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LocalStackConfig config = LocalStackConfig.defaults();
        assertEquals(9092, config.kafkaPort());
        assertEquals(9000, config.s3Port());
        assertEquals(Path.of(".fewshot").toAbsolutePath(), config.dataDir());
        assertEquals("fewshot", config.bucket());
    }

    @Test
    void portOutOfRangeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.defaults().withPorts(70000, 9000));
        assertTrue(e.getMessage().startsWith("kafkaPort must be between 0 and 65535"), e.getMessage());
    }

    @Test
    void samePortForKafkaAndS3IsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.defaults().withPorts(9000, 9000));
        assertTrue(e.getMessage().startsWith("ports must differ"), e.getMessage());
    }

    @Test
    void invalidBucketNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.defaults().withBucket("No_Such"));
        assertTrue(e.getMessage().contains("'No_Such' is not a valid S3 bucket name"), e.getMessage());
    }

    @Test
    void blankSecretIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.defaults().withCredentials("fewshot", " "));
        assertEquals("secretKey must not be blank", e.getMessage());
    }
}
