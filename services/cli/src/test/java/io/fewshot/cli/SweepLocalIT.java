package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, end to end: scripts/sweep-local.sh starts the real local stack and
 * the four packaged services, ingests Omniglot from ../shared, trains and evaluates a two-cell
 * selection of the smoke profile and prints the tables. Runs in `mvn verify`, after every module
 * is packaged; free ports, so it cannot collide with a sweep already running on the machine.
 */
class SweepLocalIT {
    private static final Pattern PROTONET_CELL =
            Pattern.compile("\\| Prototypical Nets \\| \\d+\\.\\d ± \\d+\\.\\d; paper 98\\.8");
    private static final Pattern MAML_CELL = Pattern.compile("\\| MAML \\| \\d+\\.\\d ± \\d+\\.\\d; paper 98\\.7");

    @Test
    void aTinySweepRunsThroughThePipelineAndPrintsOurCellsBesideThePapers(@TempDir Path data) throws Exception {
        Running run = sweepLocal(data);
        Process p = run.process();
        StringBuilder out = run.out();
        Thread reader = run.reader();
        boolean ended = p.waitFor(20, TimeUnit.MINUTES);
        if (!ended) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String log = out.toString();
        assertTrue(ended, "sweep-local.sh did not end in 20 minutes:\n" + log);
        assertEquals(0, p.exitValue(), "sweep-local.sh failed:\n" + log);
        assertTrue(log.contains("2 cells, 2 evaluated, 0 failed"), "both cells evaluated:\n" + log);
        assertTrue(PROTONET_CELL.matcher(log).find(), "ProtoNet cell beside the paper's:\n" + log);
        assertTrue(MAML_CELL.matcher(log).find(), "MAML cell beside the paper's:\n" + log);
        assertTrue(log.contains("stopping services and the local stack"), "clean shutdown:\n" + log);
    }

    @Test
    void aServiceThatDiesEndsTheSweepAtOnceSayingWhichWithEverythingStopped(@TempDir Path data) throws Exception {
        Running run = sweepLocal(data);
        Process p = run.process();
        StringBuilder out = run.out();
        Thread reader = run.reader();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!snapshot(out).contains("submitted sweep") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(snapshot(out).contains("submitted sweep"), "the sweep never started:\n" + out);
        List<ProcessHandle> javas = p.toHandle().descendants()
                .filter(h -> h.info().command().orElse("").endsWith("java")).toList();
        ProcessHandle trainer = javas.stream()
                .filter(h -> h.info().commandLine().orElse("").contains("services/trainer/target/quarkus-app"))
                .findFirst().orElseThrow(() -> new AssertionError("no trainer process below sweep-local.sh"));
        trainer.destroyForcibly(); // SIGKILL, as the kernel's out-of-memory killer would

        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        reader.join(10_000);
        String log = snapshot(out);
        assertTrue(ended, "sweep-local.sh kept waiting after the trainer died:\n" + log);
        assertEquals(1, p.exitValue(), log);
        assertTrue(log.contains("trainer exited unexpectedly"), "names the dead service:\n" + log);
        assertTrue(log.contains("stopping services and the local stack"), "clean shutdown:\n" + log);
        for (ProcessHandle h : javas) {
            h.onExit().get(30, TimeUnit.SECONDS); // throws TimeoutException if one is left running
        }
        assertTrue(javas.size() >= 5, "the stack and four services: " + javas.size());
    }

    /** sweep-local.sh with its output copied to stdout and collected in {@code out} by {@code reader}. */
    private record Running(Process process, StringBuilder out, Thread reader) {
    }

    private static Running sweepLocal(Path data) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/sweep-local.sh", "--rows", "protonet,maml",
                "--configs", "5w1s", "--data-dir", data.toString(), "--timeout", "15m")
                .directory(repositoryRoot().toFile()).redirectErrorStream(true);
        pb.environment().put("KAFKA_PORT", String.valueOf(freePort()));
        pb.environment().put("S3_PORT", String.valueOf(freePort()));
        pb.environment().put("REGISTRY_PORT", String.valueOf(freePort()));
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out));
        reader.start();
        return new Running(p, out, reader);
    }

    private static String snapshot(StringBuilder out) {
        synchronized (out) {
            return out.toString();
        }
    }

    private static void copy(InputStream in, StringBuilder out) {
        try (in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                String s = new String(buf, 0, n, StandardCharsets.UTF_8);
                System.out.print(s);
                synchronized (out) {
                    out.append(s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/sweep-local.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/sweep-local.sh not found above " + Path.of("").toAbsolutePath());
    }
}
