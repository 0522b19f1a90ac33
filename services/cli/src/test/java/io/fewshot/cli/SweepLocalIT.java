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
        // Smoke, named: the default (quick) trains each cell for a minute or more; this checks the plumbing.
        Running run = sweepLocal(data, "--profile", "smoke", "--rows", "protonet,maml", "--configs", "5w1s");
        Process p = run.process();
        StringBuilder out = run.out();
        Thread reader = run.reader();
        boolean ended = p.waitFor(20, TimeUnit.MINUTES);
        if (!ended) {
            stopAll(p);
        }
        reader.join(10_000);
        // What the services warned of is printed and goes with a failure: their logs go with the test's folder.
        // (A skipped non-finite training step is a warning: CI once evaluated a ProtoNet cell to NaN here.)
        String warnings = serviceWarnings(data.resolve("logs"));
        System.out.println(warnings);
        String log = out + warnings;
        assertTrue(ended, "sweep-local.sh did not end in 20 minutes:\n" + log);
        assertEquals(0, p.exitValue(), "sweep-local.sh failed:\n" + log);
        assertTrue(log.contains("2 cells, 2 evaluated, 0 failed"), "both cells evaluated:\n" + log);
        assertTrue(PROTONET_CELL.matcher(log).find(), "ProtoNet cell beside the paper's:\n" + log);
        assertTrue(MAML_CELL.matcher(log).find(), "MAML cell beside the paper's:\n" + log);
        assertTrue(log.contains("stopping services and the local stack"), "clean shutdown:\n" + log);
    }

    @Test
    void aServiceThatDiesEndsTheSweepAtOnceSayingWhichWithEverythingStopped(@TempDir Path data) throws Exception {
        killMidSweepAndExpectEverythingStopped(data, "services/trainer/target/quarkus-app", "trainer");
    }

    @Test
    void aDeadBrokerEndsTheSweepWithinSecondsAndNoProcessSurvives(@TempDir Path data) throws Exception {
        // The local stack is Kafka and S3 in one JVM: the services cannot checkpoint or publish any more, so
        // they are not given the trainer's checkpoint time (their Kafka clients alone would wait ~60 s).
        // Matched by its jar, early in the command line: the JDK reads only the first page of a long one.
        killMidSweepAndExpectEverythingStopped(data, "services/local-stack/target/", "local-stack");
    }

    /**
     * Starts the sweep, waits until every process is up (the watcher included), SIGKILLs the one whose
     * command line contains {@code victim} (as the kernel's out-of-memory killer would), then expects
     * sweep-local.sh to exit 1 within 60 s naming it, and every process it started to be gone.
     */
    private static void killMidSweepAndExpectEverythingStopped(Path data, String victim, String name)
            throws Exception {
        // A cpu-profile cell trains for minutes: the sweep cannot finish before the kill, however fast the machine.
        Running run = sweepLocal(data, "--profile", "cpu", "--rows", "protonet", "--configs", "5w1s");
        Process p = run.process();
        try {
            StringBuilder out = run.out();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            List<ProcessHandle> javas = javasBelow(p);
            while (javas.stream().noneMatch(h -> commandLine(h).contains("fsb.jar watch")) && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                javas = javasBelow(p);
            }
            assertTrue(snapshot(out).contains("submitted sweep"), "the sweep never started:\n" + out);
            assertTrue(javas.size() >= 6, "the stack, four services and the watcher: " + javas.size() + "\n" + out);
            javas.stream().filter(h -> commandLine(h).contains(victim)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " process below sweep-local.sh"))
                    .destroyForcibly();
            long killed = System.nanoTime();

            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            System.out.printf("sweep-local.sh exited %.1f s after the %s was killed%n",
                    (System.nanoTime() - killed) / 1e9, name);
            if (!ended) {
                stopAll(p);
            }
            run.reader().join(10_000);
            String log = snapshot(out);
            assertTrue(ended, "sweep-local.sh kept running for 60 s after the " + name + " died:\n" + log);
            assertEquals(1, p.exitValue(), log);
            assertTrue(log.contains(name + " exited unexpectedly"), "names the dead process:\n" + log);
            assertTrue(log.contains("stopping services and the local stack"), "clean shutdown:\n" + log);
            for (ProcessHandle h : javas) {
                try {
                    h.onExit().get(5, TimeUnit.SECONDS); // seconds for the kernel's bookkeeping, not for shutdown work
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("left running after sweep-local.sh exited: " + commandLine(h) + "\n" + log);
                }
            }
        } finally {
            stopAll(p); // a failed assertion must not leave a sweep running into the next test
        }
    }

    /** The WARN and ERROR lines of the services' logs in {@code logs}, each named by its log, the last 40 of each. */
    private static String serviceWarnings(Path logs) throws IOException {
        StringBuilder s = new StringBuilder();
        if (!Files.isDirectory(logs)) {
            return "";
        }
        try (var files = Files.list(logs)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(l -> s.append('\n').append(f.getFileName()).append(": ").append(l));
            }
        }
        return s.length() == 0 ? "" : "\n-- the services' warnings and errors --" + s;
    }

    private static void stopAll(Process p) {
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static List<ProcessHandle> javasBelow(Process p) {
        return p.toHandle().descendants().filter(h -> h.info().command().orElse("").endsWith("java")).toList();
    }

    private static String commandLine(ProcessHandle h) {
        return h.info().commandLine().orElse("");
    }

    /** sweep-local.sh with its output copied to stdout and collected in {@code out} by {@code reader}. */
    private record Running(Process process, StringBuilder out, Thread reader) {
    }

    private static Running sweepLocal(Path data, String... selection) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/sweep-local.sh", "--data-dir",
                data.toString(), "--timeout", "15m"));
        command.addAll(List.of(selection));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repositoryRoot().toFile()).redirectErrorStream(true);
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
