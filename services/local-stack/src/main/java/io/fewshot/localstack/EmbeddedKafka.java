package io.fewshot.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.fewshot.contracts.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one server), in
 * this JVM, with the project's topics created. Storage is formatted only on first use, so a restart on
 * the same directory keeps every topic and record.
 */
final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker and returns once it accepts clients.
     *
     * @param port           client port, 0 for a free one
     * @param controllerPort controller port, 0 for a free one
     * @param logDir         where topics and the metadata log live
     */
    static EmbeddedKafka start(int port, int controllerPort, Path logDir) throws Exception {
        int clientPort = FreePorts.resolve(port);
        int quorumPort = FreePorts.resolve(controllerPort);
        if (clientPort == quorumPort) {
            quorumPort = FreePorts.resolve(0);
        }
        Files.createDirectories(logDir);
        if (!Files.exists(logDir.resolve(META_PROPERTIES))) {
            format(logDir);
        }
        KafkaConfig config = new KafkaConfig(properties(clientPort, quorumPort, logDir), false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            // In combined mode this returns once the broker is registered and unfenced.
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IllegalStateException("Kafka broker failed to start on " + LocalStackConfig.HOST + ":"
                    + clientPort + " (controller " + quorumPort + "), data in " + logDir + ": " + rootCause(e), e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(server, clientPort);
        try {
            kafka.createMissing(Topics.all());
        } catch (Exception e) {
            kafka.close();
            throw new IllegalStateException("Kafka broker on " + kafka.bootstrapServers()
                    + " started but could not create the project's topics: " + rootCause(e), e);
        }
        return kafka;
    }

    /**
     * Creates the topics that do not exist yet (one partition, one replica), so that the first producer and
     * consumer of each find it instead of warning about an unknown topic while the broker auto-creates it.
     */
    private void createMissing(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    String bootstrapServers() {
        return LocalStackConfig.HOST + ":" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    // The broker wraps a bind failure three levels deep; the innermost message is the useful one.
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause + ")";
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    private static Map<String, String> properties(int clientPort, int quorumPort, Path logDir) {
        String host = LocalStackConfig.HOST;
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static quorum of one: the voter set is configuration, not stored in the log, so the
        // controller port may differ from one start to the next.
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + quorumPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + quorumPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One broker: every internal topic gets one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        // Consumers join a group at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The broker is unfenced after its first heartbeats: beat faster so start-up is quicker.
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }
}
