package io.fewshot.ingest;

import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A local stack (real Kafka broker and S3 endpoint) for @QuarkusTest and @QuarkusMainTest, configured into
 * ingest.*. One stack serves the whole test JVM: command-mode tests restart the application for every launch
 * and must find the bucket as the previous launch left it. Quarkus loads this class afresh for each
 * application start, so the running stack's settings are kept in system properties, not in a static field.
 * It stops when the JVM ends.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    /** The write token POST /datasets needs in these tests. */
    public static final String WRITE_TOKEN = "test-ingest-write-token";
    private static final String PREFIX = "fewshot.ingest.test-stack.";
    private static final String[] KEYS = {"ingest.s3.endpoint", "ingest.s3.access-key", "ingest.s3.secret-key",
        "ingest.s3.region", "ingest.s3.bucket", "ingest.kafka.bootstrap-servers", "ingest.work-dir"};

    @Override
    public Map<String, String> start() {
        synchronized (System.class) {
            if (System.getProperty(PREFIX + KEYS[0]) == null) {
                startShared();
            }
            Map<String, String> config = new java.util.HashMap<>();
            for (String key : KEYS) {
                config.put(key, System.getProperty(PREFIX + key));
            }
            config.put("ingest.write-token", WRITE_TOKEN);
            return config;
        }
    }

    private static void startShared() {
        try {
            Path dir = Files.createTempDirectory("ingest-quarkus-stack-");
            LocalStack s = LocalStack.start(LocalStackConfig.randomPorts(dir));
            String[] values = {s.s3Endpoint(), s.accessKey(), s.secretKey(), s.region(), s.bucket(),
                s.bootstrapServers(), dir.resolve("work").toString()};
            for (int i = 0; i < KEYS.length; i++) {
                System.setProperty(PREFIX + KEYS[i], values[i]);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (Exception e) {
                    // the JVM is ending
                }
                try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (java.io.IOException e) {
                    // a leftover temporary folder is harmless
                }
            }));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local stack: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        // shared: stopped by the shutdown hook
    }
}
