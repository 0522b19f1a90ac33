package io.fewshot.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void portZeroPicksFreePortsAndTheBrokerAdvertisesTheRealOne() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir))) {
            assertTrue(stack.kafkaPort() > 0, "kafka port " + stack.kafkaPort());
            assertTrue(stack.s3Port() > 0, "s3 port " + stack.s3Port());
            assertNotEquals(stack.kafkaPort(), stack.s3Port());
            assertEquals("127.0.0.1:" + stack.kafkaPort(), stack.bootstrapServers());
            assertEquals("http://127.0.0.1:" + stack.s3Port(), stack.s3Endpoint());

            // Clients bootstrap, then connect to what the broker advertises: it must be the bound port.
            Collection<Node> nodes = describeCluster(stack.bootstrapServers());
            assertEquals(1, nodes.size());
            Node broker = nodes.iterator().next();
            assertEquals("127.0.0.1", broker.host());
            assertEquals(stack.kafkaPort(), broker.port());
            assertBucketExists(stack);
        }
    }

    @Test
    void explicitPortsAreTheOnesUsed() throws Exception {
        int kafkaPort = FreePorts.resolve(0);
        int s3Port = FreePorts.resolve(0);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir).withPorts(kafkaPort, s3Port))) {
            assertEquals("127.0.0.1:" + kafkaPort, stack.bootstrapServers());
            assertEquals("http://127.0.0.1:" + s3Port, stack.s3Endpoint());
            assertEquals(1, describeCluster(stack.bootstrapServers()).size());
            assertBucketExists(stack);
        }
    }

    @Test
    void secondStackOnTheSameDirectoryIsRefusedWhileTheFirstRuns() throws Exception {
        LocalStackConfig config = LocalStackConfig.randomPorts(dataDir);
        try (LocalStack first = LocalStack.start(config)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LocalStack.start(config));
            assertTrue(refused.getMessage().contains("already used by another running local stack"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains(dataDir.toString()), refused.getMessage());

            assertBucketExists(first);
            assertEquals(1, describeCluster(first.bootstrapServers()).size());
        }
        // Released on close: the directory can be used again.
        try (LocalStack again = LocalStack.start(config)) {
            assertBucketExists(again);
        }
    }

    @Test
    void s3PortInUseFailsClearlyAndLeavesNothingRunning() throws Exception {
        LocalStackConfig config = LocalStackConfig.randomPorts(dataDir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LocalStackConfig.HOST))) {
            int port = taken.getLocalPort();
            Exception failure = assertThrows(Exception.class,
                    () -> LocalStack.start(config.withPorts(0, port)));
            assertTrue(failure.getMessage().contains("S3 endpoint failed to start on 127.0.0.1:" + port),
                    failure.getMessage());
        }
        // The broker that did start was stopped and the directory released.
        try (LocalStack stack = LocalStack.start(config)) {
            assertEquals(1, describeCluster(stack.bootstrapServers()).size());
        }
    }

    @Test
    void kafkaPortInUseFailsClearlyAndLeavesNothingRunning() throws Exception {
        LocalStackConfig config = LocalStackConfig.randomPorts(dataDir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LocalStackConfig.HOST))) {
            int port = taken.getLocalPort();
            Exception failure = assertThrows(Exception.class,
                    () -> LocalStack.start(config.withPorts(port, 0)));
            assertTrue(failure.getMessage().contains("Kafka broker failed to start on 127.0.0.1:" + port),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("Address already in use"), failure.getMessage());
        }
        // The S3 endpoint that did start was stopped and the directory released.
        try (LocalStack stack = LocalStack.start(config)) {
            assertBucketExists(stack);
        }
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir));
        stack.close();
        stack.close();
    }

    private static Collection<Node> describeCluster(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeCluster().nodes().get();
        }
    }

    private static void assertBucketExists(LocalStack stack) throws Exception {
        try (MinioClient minio = stack.newMinioClient()) {
            assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket(stack.bucket()).build()));
        }
    }
}
