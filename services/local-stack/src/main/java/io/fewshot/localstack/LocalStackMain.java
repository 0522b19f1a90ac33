package io.fewshot.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code local-stack} command: starts Kafka and S3, prints where they are, and runs until
 * Ctrl-C (or SIGTERM), when both are stopped cleanly.
 *
 * <pre>local-stack [--kafka-port N] [--s3-port N] [--data-dir DIR]</pre>
 */
public final class LocalStackMain {

    static final String USAGE = "usage: local-stack [--kafka-port N] [--s3-port N] [--data-dir DIR]\n"
            + "  --kafka-port N   Kafka client port (default 9092, 0 = any free port)\n"
            + "  --s3-port N      S3 endpoint port (default 9000, 0 = any free port)\n"
            + "  --data-dir DIR   where data is kept across restarts (default ./.fewshot)";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        // Before any logger exists: WARN and above only, on stderr.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/fewshot/localstack/logback-local-stack.xml");
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        LocalStackConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        QuietLogging.apply();
        LocalStack stack;
        try {
            stack = LocalStack.start(config);
        } catch (Exception e) {
            System.err.println("local-stack: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping local stack...");
            try {
                stack.close();
                System.out.println("Stopped.");
            } catch (Exception e) {
                System.err.println("local-stack: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "local-stack-shutdown"));
        printAddresses(stack, System.out);
        stopped.await();
    }

    static LocalStackConfig parse(String[] args) {
        LocalStackConfig config = LocalStackConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            config = switch (option) {
                case "--kafka-port" -> config.withPorts(port(option, value), config.s3Port());
                case "--s3-port" -> config.withPorts(config.kafkaPort(), port(option, value));
                case "--data-dir" -> config.withDataDir(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            };
        }
        return config;
    }

    static void printAddresses(LocalStack stack, PrintStream out) {
        out.println("Kafka: " + stack.bootstrapServers());
        out.println("S3: " + stack.s3Endpoint() + " (access key " + stack.accessKey() + ", secret key "
                + stack.secretKey() + ", region " + stack.region() + ", bucket " + stack.bucket() + ")");
        out.println("Data: " + stack.dataDir());
        out.printf("READY in %.1f s (Ctrl-C to stop)%n", stack.startupTime().toMillis() / 1000.0);
        out.flush();
    }

    private static int port(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a port number, got '" + value + "'");
        }
    }
}
