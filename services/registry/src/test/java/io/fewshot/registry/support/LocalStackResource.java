package io.fewshot.registry.support;

import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackConfig;
import io.fewshot.localstack.QuietLogging;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Kafka broker and S3 endpoint for the registry under test, started before Quarkus reads its
 * configuration. One stack per JVM: the H2 and PostgreSQL runs of the application share it (each
 * test uses its own run and sweep ids), and it is stopped when the JVM exits.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    public static final String WRITE_TOKEN = "test-write-token";

    private static LocalStack stack;
    private static Path dir;

    public static synchronized LocalStack stack() {
        if (stack == null) {
            QuietLogging.apply();
            try {
                dir = Files.createTempDirectory("registry-test-");
                stack = LocalStack.start(LocalStackConfig.randomPorts(dir.resolve("stack")));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the local stack: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stack.close();
                } catch (Exception ignored) {
                    // the JVM is ending
                }
                TempDirs.deleteQuietly(dir);
            }));
        }
        return stack;
    }

    @Override
    public Map<String, String> start() {
        LocalStack s = stack();
        return Map.of(
                "registry.kafka.bootstrap-servers", s.bootstrapServers(),
                "registry.kafka.retry-backoff", "200ms",
                "registry.s3.endpoint", s.s3Endpoint(),
                "registry.s3.access-key", s.accessKey(),
                "registry.s3.secret-key", s.secretKey(),
                "registry.s3.region", s.region(),
                "registry.s3.bucket", s.bucket(),
                "registry.write-token", WRITE_TOKEN,
                "quarkus.datasource.\"h2\".jdbc.url", "jdbc:h2:file:" + dir.resolve("h2/registry").toAbsolutePath());
    }

    @Override
    public void stop() {
        // shared by every application start in this JVM; closed by the shutdown hook
    }
}
