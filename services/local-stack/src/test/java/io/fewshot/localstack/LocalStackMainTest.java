package io.fewshot.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackMainTest {

    private static final Pattern KAFKA_LINE = Pattern.compile("Kafka: 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern S3_LINE = Pattern.compile("S3: http://127\\.0\\.0\\.1:(\\d+) \\(access key fewshot, .*bucket fewshot\\)");

    @TempDir
    Path dataDir;

    @Test
    void optionsOverrideTheDefaults() {
        LocalStackConfig config = LocalStackMain.parse(
                new String[] {"--kafka-port", "0", "--s3-port", "19000", "--data-dir", dataDir.toString()});
        assertEquals(0, config.kafkaPort());
        assertEquals(19000, config.s3Port());
        assertEquals(dataDir, config.dataDir());
        assertEquals(LocalStackConfig.defaults(), LocalStackMain.parse(new String[0]));
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("unknown option --kafka",
                assertThrows(IllegalArgumentException.class,
                        () -> LocalStackMain.parse(new String[] {"--kafka", "1"})).getMessage());
        assertEquals("--s3-port needs a port number, got 'abc'",
                assertThrows(IllegalArgumentException.class,
                        () -> LocalStackMain.parse(new String[] {"--s3-port", "abc"})).getMessage());
        assertEquals("option --data-dir needs a value",
                assertThrows(IllegalArgumentException.class,
                        () -> LocalStackMain.parse(new String[] {"--data-dir"})).getMessage());
    }

    @Test
    void printsAddressesAndReady() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dataDir))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            LocalStackMain.printAddresses(stack, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);

            Matcher kafka = KAFKA_LINE.matcher(out);
            assertTrue(kafka.find(), out);
            assertEquals(stack.kafkaPort(), Integer.parseInt(kafka.group(1)));
            Matcher s3 = S3_LINE.matcher(out);
            assertTrue(s3.find(), out);
            assertEquals(stack.s3Port(), Integer.parseInt(s3.group(1)));
            assertTrue(out.contains("READY in "), out);
        }
    }

    /** The real command in its own JVM: a cold start, then SIGTERM (what Ctrl-C does) stops it cleanly. */
    @Test
    void commandStartsServesAndStopsCleanlyOnSignal() throws Exception {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                LocalStackMain.class.getName(),
                "--kafka-port", "0", "--s3-port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("READY")) {
                    break;
                }
            }
            assertNotNull(line, "the command ended before READY: " + lines);
            System.out.println("local-stack command, cold JVM and empty data dir: " + line);

            int s3Port = port(S3_LINE, lines);
            try (MinioClient minio = MinioClient.builder().endpoint("http://127.0.0.1:" + s3Port)
                    .credentials(LocalStackConfig.DEFAULT_ACCESS_KEY, LocalStackConfig.DEFAULT_SECRET_KEY)
                    .region(EmbeddedS3.PROVIDER).build()) {
                assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket("fewshot").build()));
            }
            assertTrue(port(KAFKA_LINE, lines) > 0);

            process.toHandle().destroy(); // SIGTERM, keeping our end of its output open
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command did not stop within 60 s");
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertTrue(lines.contains("Stopped."), String.join("\n", lines));
            assertEquals(143, process.exitValue(), "exit status after SIGTERM");
            assertTrue(Files.exists(dataDir.resolve("kafka").resolve("meta.properties")));
        } finally {
            process.destroyForcibly();
        }
    }

    private static int port(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no line matches " + pattern + " in " + lines);
    }
}
