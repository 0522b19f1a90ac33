package io.fewshot.evaluator;

import io.fewshot.localstack.LocalStack;
import io.fewshot.support.LocalStackResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The trainer as its own JVM, from its packaged fast-jar (services/trainer/target/quarkus-app, built
 * before tests run), pointed at this test's local stack: what a pod is, so that it can be killed.
 */
final class TrainerProcess implements AutoCloseable {
    static final Path JAR = Path.of("../trainer/target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final Path log;

    private TrainerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the service mode and waits until Quarkus says it started. */
    static TrainerProcess start(LocalStack stack, Path workDir, String name, String... args) throws Exception {
        return start(stack, workDir, name, Map.of(), args);
    }

    /** @param settings further trainer settings, e.g. trainer.checkpoint-interval */
    static TrainerProcess start(LocalStack stack, Path workDir, String name, Map<String, String> settings,
            String... args) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build services/trainer first");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dquarkus.http.port=0"));
        Map<String, String> config = new java.util.HashMap<>(LocalStackResource.serviceConfig("trainer", stack, workDir));
        config.putAll(settings);
        for (Map.Entry<String, String> e : config.entrySet()) {
            cmd.add("-D" + e.getKey() + "=" + e.getValue());
        }
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("trainer-" + name, ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TrainerProcess t = new TrainerProcess(p, log);
        if (args.length == 0) {
            t.awaitLog("started in", Duration.ofSeconds(90));
        }
        return t;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    void awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("trainer exited with " + process.exitValue() + " before '" + text + "':\n"
                        + log());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("trainer did not log '" + text + "' within " + timeout.toSeconds() + " s:\n" + log());
    }

    /** SIGKILL: no shutdown hook, no last checkpoint; what an OOM kill or a lost node does. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("trainer did not exit within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** SIGTERM, as Kubernetes stops a pod; waits for the exit and returns its code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return waitFor(Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
