package io.fewshot.localstack;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a {@link LocalStack} listens on and where it keeps its data. Everything binds to
 * {@link #HOST}; a port of 0 means "pick a free one". Data under {@code dataDir} survives a restart.
 *
 * @param kafkaPort      the broker's client listener (default 9092)
 * @param controllerPort the KRaft controller listener; nobody outside connects to it (default 0)
 * @param s3Port         the S3 endpoint (default 9000)
 * @param dataDir        broker logs under {@code kafka/}, objects under {@code s3/}
 * @param accessKey      the S3 access key that requests must be signed with
 * @param secretKey      the S3 secret key that requests must be signed with
 * @param bucket         created on start if missing
 */
public record LocalStackConfig(int kafkaPort, int controllerPort, int s3Port, Path dataDir,
                               String accessKey, String secretKey, String bucket) {

    /** Loopback only: the stack is for one machine and must never be reachable from outside. */
    public static final String HOST = "127.0.0.1";
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_S3_PORT = 9000;
    public static final Path DEFAULT_DATA_DIR = Path.of(".fewshot");
    public static final String DEFAULT_ACCESS_KEY = "fewshot";
    public static final String DEFAULT_SECRET_KEY = "fewshot-local-secret";
    public static final String DEFAULT_BUCKET = "fewshot";

    // S3 bucket naming rules: 3-63 characters, lower case, digits, dots and hyphens.
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public LocalStackConfig {
        checkPort("kafkaPort", kafkaPort);
        checkPort("controllerPort", controllerPort);
        checkPort("s3Port", s3Port);
        Objects.requireNonNull(dataDir, "dataDir");
        checkNotBlank("accessKey", accessKey);
        checkNotBlank("secretKey", secretKey);
        if (bucket == null || !BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket '" + bucket
                    + "' is not a valid S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')");
        }
        if (kafkaPort != 0 && (kafkaPort == controllerPort || kafkaPort == s3Port)
                || controllerPort != 0 && controllerPort == s3Port) {
            throw new IllegalArgumentException("ports must differ: kafkaPort=" + kafkaPort
                    + ", controllerPort=" + controllerPort + ", s3Port=" + s3Port);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Ports 9092 and 9000, data under ./.fewshot, bucket "fewshot". */
    public static LocalStackConfig defaults() {
        return new LocalStackConfig(DEFAULT_KAFKA_PORT, 0, DEFAULT_S3_PORT, DEFAULT_DATA_DIR,
                DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_BUCKET);
    }

    /** Free ports everywhere, data under {@code dataDir}: what tests want. */
    public static LocalStackConfig randomPorts(Path dataDir) {
        return defaults().withPorts(0, 0).withDataDir(dataDir);
    }

    public LocalStackConfig withPorts(int kafkaPort, int s3Port) {
        return new LocalStackConfig(kafkaPort, controllerPort, s3Port, dataDir, accessKey, secretKey, bucket);
    }

    public LocalStackConfig withDataDir(Path dataDir) {
        return new LocalStackConfig(kafkaPort, controllerPort, s3Port, dataDir, accessKey, secretKey, bucket);
    }

    public LocalStackConfig withCredentials(String accessKey, String secretKey) {
        return new LocalStackConfig(kafkaPort, controllerPort, s3Port, dataDir, accessKey, secretKey, bucket);
    }

    public LocalStackConfig withBucket(String bucket) {
        return new LocalStackConfig(kafkaPort, controllerPort, s3Port, dataDir, accessKey, secretKey, bucket);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535 (0 = any free port), got " + port);
        }
    }

    private static void checkNotBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
