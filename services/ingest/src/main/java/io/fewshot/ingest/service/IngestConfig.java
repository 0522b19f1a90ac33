package io.fewshot.ingest.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** All of ingest's configuration, typed, under the prefix "ingest" (env: INGEST_S3_ENDPOINT, ...). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {
    S3 s3();

    Kafka kafka();

    Limits limits();

    /**
     * Bearer token that POST /datasets requires (env INGEST_WRITE_TOKEN; the scheme of every service's
     * writes, see contracts' WriteToken). Without one every ingest request is refused: it reads any path
     * or URL it is given and writes to S3.
     */
    Optional<String> writeToken();

    /** Local scratch space for downloads and shards; each job uses and removes its own sub-folder. */
    @WithDefault("${java.io.tmpdir}/fewshot-ingest")
    String workDir();

    /** Largest shard, in pixel bytes (whole classes only, so a shard may hold less). */
    @WithDefault("33554432")
    long maxShardBytes();

    /** Threads that decode images; default: available processors. */
    Optional<Integer> parallelism();

    /** Ingest jobs that may run at once (different datasets; one dataset never runs twice). */
    @WithDefault("2")
    int jobThreads();

    @WithDefault("10s")
    Duration connectTimeout();

    @WithDefault("30m")
    Duration downloadTimeout();

    interface S3 {
        @WithDefault("http://127.0.0.1:9000")
        String endpoint();

        @WithDefault("fewshot")
        String accessKey();

        @WithDefault("fewshot-local-secret")
        String secretKey();

        /** For s3proxy (local stack) this must be the blob store id, e.g. "filesystem-nio2". */
        @WithDefault("us-east-1")
        String region();

        @WithDefault("fewshot")
        String bucket();
    }

    interface Kafka {
        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        @WithDefault("30s")
        Duration timeout();
    }

    interface Limits {
        @WithDefault("200000")
        int maxEntries();

        /** 8 GiB: miniImageNet from full-size ImageNet JPEGs fits; a bomb does not. */
        @WithDefault("8589934592")
        long maxTotalBytes();

        @WithDefault("67108864")
        long maxEntryBytes();

        @WithDefault("200")
        double maxRatio();
    }
}
