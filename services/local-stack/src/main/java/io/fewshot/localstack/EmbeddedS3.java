package io.fewshot.localstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible HTTP endpoint (S3Proxy) in this JVM, backed by plain files under a
 * directory so that objects survive a restart. Every request must carry an AWS V2 or V4
 * signature made with the configured keys.
 */
final class EmbeddedS3 implements AutoCloseable {

    /**
     * The jclouds provider that stores blobs as files. S3Proxy reports the provider id as the
     * bucket location, so clients must use it as their region or CreateBucket is refused.
     */
    static final String PROVIDER = "filesystem-nio2";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private EmbeddedS3(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    /**
     * Starts the endpoint and returns once it accepts requests, with {@code bucket} present.
     *
     * @param port 0 for a free one
     */
    static EmbeddedS3 start(int port, Path baseDir, String accessKey, String secretKey, String bucket)
            throws Exception {
        Files.createDirectories(baseDir);
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        // jclouds requires credentials for every provider; the file store ignores them.
        BlobStoreContext context = ContextBuilder.newBuilder(PROVIDER)
                .credentials(accessKey, secretKey)
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        try {
            BlobStore blobStore = context.getBlobStore();
            if (!blobStore.containerExists(bucket)) {
                blobStore.createContainerInLocation(null, bucket);
            }
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://" + LocalStackConfig.HOST + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            EmbeddedS3 s3 = new EmbeddedS3(context, proxy);
            try {
                proxy.start();
                s3.awaitStarted(port);
            } catch (Exception e) {
                try {
                    proxy.stop();
                } catch (Exception stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                throw e;
            }
            return s3;
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("S3 endpoint failed to start on " + LocalStackConfig.HOST + ":" + port
                    + " with data in " + baseDir + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return proxy.getPort();
    }

    String endpoint() {
        return "http://" + LocalStackConfig.HOST + ":" + port();
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }

    // S3Proxy.start() returns before Jetty has bound its port.
    private void awaitStarted(int requestedPort) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start (state " + proxy.getState()
                        + ", port " + requestedPort + ")");
            }
            Thread.sleep(10);
        }
    }
}
