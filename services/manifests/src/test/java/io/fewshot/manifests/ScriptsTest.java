package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
        for (Path script : List.of(SUBMIT, WATCH, Fixtures.ROOT.resolve("scripts/build-images.sh"),
                Fixtures.ROOT.resolve("scripts/generate-secrets.sh"))) {
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
    void watchRunsFsbWatchInAThrowawayPodThatPassesRestrictedAndReachesKafka() throws Exception {
        // The stand-in writes its arguments NUL-separated: the pod overrides are multi-line JSON.
        standIn("kubectl", "printf '%s\\0' \"$@\" > " + bin.resolve("args") + "; exit 0\n");
        Result r = run(List.of("bash", WATCH.toString(), "--sweep", "sweep-1", "--timeout", "30m"));
        assertEquals(0, r.exit(), r.out());
        List<String> args = List.of(Files.readString(bin.resolve("args")).split("\0"));
        assertEquals(List.of("-n", "fewshot", "run"), args.subList(0, 3));
        assertTrue(args.containsAll(List.of("--rm", "-i", "--restart=Never")), args.toString());
        assertTrue(args.get(args.indexOf("--image") + 1).startsWith("ghcr.io/fewshot-bench/fsb:"), args.toString());
        JsonNode pod = YamlDocs.parse(args.get(args.indexOf("--overrides") + 1), "overrides").get(0);
        JsonNode container = pod.path("spec").path("containers").get(0);
        assertEquals("[\"watch\",\"--sweep\",\"sweep-1\",\"--timeout\",\"30m\"]", container.path("args").toString());
        assertTrue(container.path("envFrom").toString().contains("fewshot-config"), "bootstrap address from the cluster's config");
        PodSecurity.Pod checked = new PodSecurity.Pod("watch", "$.spec", pod.path("spec"));
        List<Problem> problems = new java.util.ArrayList<>(PodSecurity.restricted(checked));
        problems.addAll(PodSecurity.readOnlyRootWithSizedScratch(checked));
        assertEquals(List.of(), problems, Fixtures.describe(problems));

        java.util.Map<String, String> labels = new java.util.HashMap<>();
        for (String pair : args.get(args.indexOf("--labels") + 1).split(",")) {
            labels.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        NetworkPolicies policies = new NetworkPolicies(Fixtures.render("cpu"));
        NetworkPolicies.Pod watcher = NetworkPolicies.Pod.in("fewshot", labels);
        NetworkPolicies.Pod broker = NetworkPolicies.Pod.in("fewshot", java.util.Map.of("strimzi.io/cluster", "fewshot",
                "strimzi.io/kind", "Kafka"));
        assertTrue(policies.allows(watcher, broker, 9092, "TCP"), "watcher -> kafka");
        JsonNode registry = Fixtures.find(Fixtures.render("cpu"), "Deployment", "registry");
        java.util.Map<String, String> registryLabels = new java.util.HashMap<>();
        registry.path("spec").path("template").path("metadata").path("labels").properties()
                .forEach(e -> registryLabels.put(e.getKey(), e.getValue().asText()));
        assertTrue(policies.allows(watcher, NetworkPolicies.Pod.in("fewshot", registryLabels), 8080, "TCP"), "watcher -> registry");
    }

    @Test
    void watchOnAClusterNeedsTheSweep() throws Exception {
        standIn("kubectl", "");
        Result r = run(List.of("bash", WATCH.toString()));
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("--sweep ID is required"), r.out());
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

    @Test
    void generateSecretsNeverOverwritesAnExistingCredential() throws Exception {
        Path out = bin.resolve("secrets");
        Path script = Fixtures.ROOT.resolve("scripts/generate-secrets.sh");
        assertEquals(0, run(List.of("bash", script.toString(), "--out", out.toString())).exit());
        String first = Files.readString(out.resolve("db.env"));
        Files.delete(out.resolve("registry.env"));
        Result again = run(List.of("bash", script.toString(), "--out", out.toString()));
        assertEquals(0, again.exit(), again.out());
        assertEquals(first, Files.readString(out.resolve("db.env")), "a live credential was rotated");
        assertTrue(again.out().contains("created " + out.resolve("registry.env")), again.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("db.env"))));
    }
}
