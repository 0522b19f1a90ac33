package io.fewshot.cli;

import java.net.URI;
import java.util.Map;

/**
 * Where fsb finds the sweep's infrastructure. One place, read from the deployment's environment
 * names (k8s/base/config.yaml and secrets.yaml) with the local stack's addresses as defaults;
 * command-line options override single values ({@link ConnectionOptions}).
 */
public record FsbConfig(
        String bootstrapServers,
        URI s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        String s3Bucket,
        URI registryUrl) {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String S3_ENDPOINT = "S3_ENDPOINT";
    public static final String S3_ACCESS_KEY = "S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "S3_SECRET_KEY";
    public static final String S3_REGION = "S3_REGION";
    public static final String S3_BUCKET = "S3_BUCKET";
    public static final String REGISTRY_URL = "REGISTRY_URL";

    /** The local stack's (services/local-stack/README.md) and the registry's local port. */
    static final Map<String, String> LOCAL_DEFAULTS = Map.of(
            KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092",
            S3_ENDPOINT, "http://127.0.0.1:9000",
            S3_ACCESS_KEY, "fewshot",
            S3_SECRET_KEY, "fewshot-local-secret",
            // S3Proxy accepts only its blob store's id as region; MinIO and AWS take what they are given.
            S3_REGION, "filesystem-nio2",
            S3_BUCKET, "fewshot",
            REGISTRY_URL, "http://127.0.0.1:8080");

    public FsbConfig {
        require(bootstrapServers, "Kafka bootstrap servers (--bootstrap, " + KAFKA_BOOTSTRAP_SERVERS + ")");
        require(s3AccessKey, "S3 access key (" + S3_ACCESS_KEY + ")");
        require(s3SecretKey, "S3 secret key (" + S3_SECRET_KEY + ")");
        require(s3Region, "S3 region (" + S3_REGION + ")");
        require(s3Bucket, "S3 bucket (--bucket, " + S3_BUCKET + ")");
    }

    /** The configuration from an environment (normally {@code System.getenv()}), defaults filling the gaps. */
    public static FsbConfig fromEnvironment(Map<String, String> env) {
        return new FsbConfig(
                value(env, KAFKA_BOOTSTRAP_SERVERS),
                httpUri(value(env, S3_ENDPOINT), S3_ENDPOINT),
                value(env, S3_ACCESS_KEY),
                value(env, S3_SECRET_KEY),
                value(env, S3_REGION),
                value(env, S3_BUCKET),
                httpUri(value(env, REGISTRY_URL), REGISTRY_URL));
    }

    public FsbConfig withBootstrapServers(String v) {
        return new FsbConfig(v, s3Endpoint, s3AccessKey, s3SecretKey, s3Region, s3Bucket, registryUrl);
    }

    public FsbConfig withS3Endpoint(String v) {
        return new FsbConfig(bootstrapServers, httpUri(v, "--s3-endpoint"), s3AccessKey, s3SecretKey, s3Region,
                s3Bucket, registryUrl);
    }

    public FsbConfig withS3Bucket(String v) {
        return new FsbConfig(bootstrapServers, s3Endpoint, s3AccessKey, s3SecretKey, s3Region, v, registryUrl);
    }

    public FsbConfig withRegistryUrl(String v) {
        return new FsbConfig(bootstrapServers, s3Endpoint, s3AccessKey, s3SecretKey, s3Region, s3Bucket,
                httpUri(v, "--registry"));
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? LOCAL_DEFAULTS.get(name) : v.trim();
    }

    /** An http(s) URL without a trailing slash, or a clear error naming where it came from. */
    static URI httpUri(String value, String source) {
        URI uri;
        try {
            uri = URI.create(value.trim().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new CliException(source + ": '" + value + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CliException(source + ": expected an http(s)://host[:port] URL, was '" + value + "'");
        }
        return uri;
    }

    private static void require(String v, String what) {
        if (v == null || v.isBlank()) {
            throw new CliException(what + " must not be empty");
        }
    }
}
