package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FsbConfigTest {

    @Test
    void withNothingSetItPointsAtTheLocalStack() {
        FsbConfig c = FsbConfig.fromEnvironment(Map.of());

        assertEquals(new FsbConfig("127.0.0.1:9092", URI.create("http://127.0.0.1:9000"), "fewshot",
                "fewshot-local-secret", "filesystem-nio2", "fewshot", URI.create("http://127.0.0.1:8080")), c);
    }

    @Test
    void theDeploymentsEnvironmentNamesAreRead() {
        FsbConfig c = FsbConfig.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "fewshot-kafka-bootstrap:9092",
                "S3_ENDPOINT", "http://minio:9000/",
                "S3_ACCESS_KEY", "ak", "S3_SECRET_KEY", "sk", "S3_REGION", "us-east-1", "S3_BUCKET", "results",
                "REGISTRY_URL", "http://registry:8080"));

        assertEquals(new FsbConfig("fewshot-kafka-bootstrap:9092", URI.create("http://minio:9000"), "ak", "sk",
                "us-east-1", "results", URI.create("http://registry:8080")), c);
    }

    @Test
    void optionsOverrideTheEnvironment() {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs("--bootstrap", "10.0.0.1:9092", "--s3-endpoint", "https://s3.example.org",
                "--bucket", "other", "--registry", "http://10.0.0.2:8080");

        FsbConfig c = options.resolve(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "S3_BUCKET", "results",
                "S3_ACCESS_KEY", "ak"));

        assertEquals("10.0.0.1:9092", c.bootstrapServers());
        assertEquals(URI.create("https://s3.example.org"), c.s3Endpoint());
        assertEquals("other", c.s3Bucket());
        assertEquals("ak", c.s3AccessKey(), "what no option overrides still comes from the environment");
        assertEquals(URI.create("http://10.0.0.2:8080"), c.registryUrl());
    }
}
