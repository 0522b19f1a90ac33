package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrapper scripts parse, and hand the right arguments to argo and kubectl. Neither CLI can be
 * installed here, so a stand-in on the PATH records the command line it was given.
 */
class ScriptsTest {

    private static final Path SUBMIT = Fixtures.ROOT.resolve("scripts/submit-sweep.sh");
    private static final Path WATCH = Fixtures.ROOT.resolve("scripts/watch-results.sh");

    @TempDir
    Path bin;

    private record Result(int exit, String out) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "script did not finish");
        return new Result(p.exitValue(), out);
    }

    /** A stand-in CLI that prints its arguments, one per line, after its name. */
    private void standIn(String name, String extra) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + extra + "printf '%s\\n' " + name + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void bothScriptsParse() throws Exception {
        for (Path script : List.of(SUBMIT, WATCH)) {
            Result r = run(List.of("bash", "-n", script.toString()));
            assertEquals(0, r.exit(), script + ": " + r.out());
        }
    }

    @Test
    void submitSaysClearlyWhenArgoIsMissing() throws Exception {
        Result r = run(List.of("bash", SUBMIT.toString(), "--omniglot-source", "s3://x"));
        assertEquals(127, r.exit());
        assertTrue(r.out().contains("argo CLI is not on the PATH"), r.out());
    }

    @Test
    void submitSubmitsFromTheTemplateWithTheProfileAndPassesTheRestThrough() throws Exception {
        standIn("argo", "");
        Result r = run(List.of("bash", SUBMIT.toString(), "--profile", "paper", "--omniglot-source", "https://h/o.zip",
                "--", "--watch", "-p", "gpu-tolerations=[]"));
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of("argo", "submit", "--namespace", "fewshot", "--from", "workflowtemplate/fewshot-sweep",
                "--generate-name", "fewshot-sweep-paper-", "-p", "profile=paper", "-p", "omniglot-source=https://h/o.zip",
                "--watch", "-p", "gpu-tolerations=[]"), r.out().lines().toList());
    }

    @Test
    void submitRejectsAnUnknownProfile() throws Exception {
        standIn("argo", "");
        Result r = run(List.of("bash", SUBMIT.toString(), "--profile", "huge"));
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("unknown profile 'huge'"), r.out());
    }

    @Test
    void watchConsumesTheResultTopicInsideTheBrokerPod() throws Exception {
        // "get pods" answers with a pod name; "exec" prints its arguments.
        standIn("kubectl", "case \"$*\" in *' get pods '*) echo fewshot-dual-role-0; exit 0;; esac\n");
        Result r = run(List.of("bash", WATCH.toString()));
        assertEquals(0, r.exit(), r.out());
        List<String> args = r.out().lines().toList();
        assertEquals(List.of("kubectl", "-n", "fewshot", "exec", "-i", "fewshot-dual-role-0", "-c", "kafka", "--",
                "/opt/kafka/bin/kafka-console-consumer.sh", "--bootstrap-server", "localhost:9092",
                "--topic", "fsl.results.registered.v1"), args.subList(0, 14));
    }

    @Test
    void watchUsesALocalBrokerWhenGivenOne() throws Exception {
        standIn("kafka-console-consumer.sh", "");
        Result r = run(List.of("bash", WATCH.toString(), "--bootstrap", "127.0.0.1:9092", "--from-beginning"));
        assertEquals(0, r.exit(), r.out());
        List<String> args = r.out().lines().toList();
        assertEquals(List.of("kafka-console-consumer.sh", "--bootstrap-server", "127.0.0.1:9092",
                "--topic", "fsl.results.registered.v1"), args.subList(0, 5));
        assertTrue(args.contains("--from-beginning"), r.out());
    }
}
