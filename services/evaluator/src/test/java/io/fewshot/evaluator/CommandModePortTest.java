package io.fewshot.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command is a command-line tool: {@code train ...} runs beside a service that holds the port the
 * trainer is configured with (8080, Quarkus' default, which is also the registry's), because a
 * command's listener takes a free port unless the user chose one (rest-support's ServiceMain). Run
 * on the trainer's packaged fast-jar, the way an Argo step or a user starts it.
 */
class CommandModePortTest {
    /** The trainer's configured HTTP port: its application.properties sets none, so Quarkus' default. */
    private static final int CONFIGURED_PORT = 8080;

    @TempDir
    Path dir;

    @Test
    void aCommandRunsWhileTheServicePortIsTaken() throws Exception {
        assertTrue(Files.isRegularFile(TrainerProcess.JAR), TrainerProcess.JAR.toAbsolutePath()
                + " is missing: build services/trainer first");
        try (ServerSocket taken = holdOrFindTaken()) {
            Path log = dir.resolve("train.log");
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Dai.djl.offline=true", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-jar", TrainerProcess.JAR.toString(), "train", "--help"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().remove("QUARKUS_HTTP_PORT");
            Process p = pb.start();
            boolean exited = p.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String out = Files.readString(log);
            assertTrue(exited, "train --help did not exit within 90 s:\n" + out);
            assertFalse(out.contains("seems to be in use"), "the command took the service's port:\n" + out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("Usage: train"), out);
        }
    }

    /** Holds 127.0.0.1:8080; if another process already holds it, the port is taken all the same. */
    private static ServerSocket holdOrFindTaken() throws IOException {
        try {
            return new ServerSocket(CONFIGURED_PORT, 1, InetAddress.getLoopbackAddress());
        } catch (BindException alreadyTaken) {
            return null;
        }
    }
}
