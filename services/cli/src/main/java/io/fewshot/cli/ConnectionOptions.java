package io.fewshot.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** The options that override {@link FsbConfig}'s environment, shared by the commands that connect. */
public class ConnectionOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092)")
    String bootstrap;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3 endpoint (default: $S3_ENDPOINT, else http://127.0.0.1:9000); keys and region from"
                    + " $S3_ACCESS_KEY, $S3_SECRET_KEY, $S3_REGION")
    String s3Endpoint;

    @Option(names = "--bucket", description = "S3 bucket (default: $S3_BUCKET, else fewshot)")
    String bucket;

    @Option(names = "--registry", paramLabel = "URL",
            description = "registry base URL (default: $REGISTRY_URL, else http://127.0.0.1:8080)")
    String registry;

    /** The environment's configuration with these options applied. */
    public FsbConfig resolve(Map<String, String> env) {
        FsbConfig c = FsbConfig.fromEnvironment(env);
        if (bootstrap != null) {
            c = c.withBootstrapServers(bootstrap);
        }
        if (s3Endpoint != null) {
            c = c.withS3Endpoint(s3Endpoint);
        }
        if (bucket != null) {
            c = c.withS3Bucket(bucket);
        }
        if (registry != null) {
            c = c.withRegistryUrl(registry);
        }
        return c;
    }
}
