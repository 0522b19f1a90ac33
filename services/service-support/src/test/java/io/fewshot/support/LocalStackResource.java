package io.fewshot.support;

import io.fewshot.platform.s3.S3Store;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackConfig;
import io.fewshot.localstack.QuietLogging;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the real local stack (KRaft Kafka and S3Proxy on random loopback ports) before Quarkus
 * reads its configuration, commits {@link TinyDataset}, and points the service's {@code prefix}.*
 * settings at it. Init arg {@code prefix}: trainer or evaluator.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    private static LocalStack stack;
    private String prefix = "trainer";
    private Path work;

    /** The running stack, for tests that publish, read topics or look into the bucket. */
    public static synchronized LocalStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the local stack is not started");
        }
        return stack;
    }

    public static S3Store newS3Store() {
        LocalStack s = stack();
        return new S3Store(s.s3Endpoint(), s.accessKey(), s.secretKey(), s.region(), s.bucket());
    }

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        try {
            QuietLogging.apply();
            work = Files.createTempDirectory("fsb-" + prefix + "-test");
            synchronized (LocalStackResource.class) {
                stack = LocalStack.start(LocalStackConfig.randomPorts(work.resolve("stack")));
            }
            try (S3Store s3 = newS3Store()) {
                TinyDataset.commit(s3);
            }
            return serviceConfig(prefix, stack, work.resolve("service"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local stack: " + e.getMessage(), e);
        }
    }

    /** The settings that point a service's {@code prefix}.* at the stack. */
    public static Map<String, String> serviceConfig(String prefix, LocalStack s, Path workDir) {
        Map<String, String> c = new HashMap<>();
        c.put(prefix + ".kafka.bootstrap-servers", s.bootstrapServers());
        c.put(prefix + ".kafka.retry-backoff", "200ms");
        c.put(prefix + ".kafka.session-timeout", "10s");
        c.put(prefix + ".s3.endpoint", s.s3Endpoint());
        c.put(prefix + ".s3.access-key", s.accessKey());
        c.put(prefix + ".s3.secret-key", s.secretKey());
        c.put(prefix + ".s3.region", s.region());
        c.put(prefix + ".s3.bucket", s.bucket());
        c.put(prefix + ".work-dir", workDir.toString());
        c.put(prefix + ".threads", "1");
        return c;
    }

    @Override
    public void stop() {
        synchronized (LocalStackResource.class) {
            if (stack != null) {
                try {
                    stack.close();
                } catch (Exception e) {
                    // the JVM is ending; nothing to recover
                }
                stack = null;
            }
        }
    }
}
