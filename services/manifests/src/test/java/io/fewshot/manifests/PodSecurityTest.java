package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every pod this repository renders passes Pod Security "restricted", which the namespace
 * enforces (a pod that fails it is never created), and has a read-only root filesystem with
 * sized scratch volumes.
 */
class PodSecurityTest {

    private static List<Problem> check(List<PodSecurity.Pod> pods) {
        List<Problem> problems = new ArrayList<>();
        for (PodSecurity.Pod pod : pods) {
            problems.addAll(PodSecurity.restricted(pod));
            problems.addAll(PodSecurity.readOnlyRootWithSizedScratch(pod));
        }
        return problems;
    }

    private static List<PodSecurity.Pod> workflowPods(JsonNode workflow) {
        return PodSecurity.podsOfWorkflow(workflow, "argo/fewshot-sweep.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyPodOfAnOverlayPassesRestricted(String overlay) {
        List<PodSecurity.Pod> pods = PodSecurity.podsOf(Fixtures.render(overlay), overlay);
        assertTrue(pods.size() >= 7, "expected the 4 services, minio, postgres and the setup Job, got " + pods.size());
        List<Problem> problems = check(pods);
        assertEquals(List.of(), problems, Fixtures.describe(problems));
    }

    @Test
    void everyPodOfTheSweepPassesRestricted() {
        List<PodSecurity.Pod> pods = workflowPods(Fixtures.workflowTemplate());
        assertTrue(pods.size() >= 5, "container templates found: " + pods.size());
        List<Problem> problems = check(pods);
        assertEquals(List.of(), problems, Fixtures.describe(problems));
    }

    @Test
    void theNamespaceEnforcesRestricted() {
        JsonNode labels = Fixtures.find(Fixtures.render("cpu"), "Namespace", "fewshot").path("metadata").path("labels");
        assertEquals("restricted", labels.path("pod-security.kubernetes.io/enforce").asText());
    }

    private static List<Problem> seeded(String kind, String name, Function<ObjectNode, ObjectNode> mutate) {
        List<JsonNode> docs = Fixtures.render("cpu");
        ObjectNode podSpec = (ObjectNode) Fixtures.find(docs, kind, name).path("spec").path("template").path("spec");
        mutate.apply(podSpec);
        return check(PodSecurity.podsOf(docs, "cpu"));
    }

    private static ObjectNode firstContainerContext(ObjectNode podSpec) {
        return (ObjectNode) podSpec.path("containers").get(0).path("securityContext");
    }

    private static void assertReported(List<Problem> problems, String words) {
        assertTrue(problems.stream().anyMatch(p -> p.message().contains(words)),
                "expected a problem mentioning '" + words + "', got " + Fixtures.describe(problems));
    }

    @Test
    void aPodWithoutSeccompFails() {
        assertReported(seeded("StatefulSet", "minio", s -> {
            ((ObjectNode) s.path("securityContext")).remove("seccompProfile");
            return s;
        }), "seccompProfile RuntimeDefault");
    }

    @Test
    void privilegeEscalationFails() {
        assertReported(seeded("Deployment", "trainer", s -> {
            firstContainerContext(s).put("allowPrivilegeEscalation", true);
            return s;
        }), "allowPrivilegeEscalation: false");
    }

    @Test
    void anAddedCapabilityFails() {
        assertReported(seeded("Deployment", "ingest", s -> {
            firstContainerContext(s).withObject("/capabilities").putArray("add").add("NET_ADMIN");
            return s;
        }), "adds capability NET_ADMIN");
    }

    @Test
    void aHostPathVolumeFails() {
        assertReported(seeded("Deployment", "registry", s -> {
            ((ArrayNode) s.path("volumes")).addObject().put("name", "host").putObject("hostPath").put("path", "/");
            return s;
        }), "volume type hostPath");
    }

    @Test
    void runningAsRootFails() {
        assertReported(seeded("Job", "minio-setup", s -> {
            ((ObjectNode) s.path("securityContext")).put("runAsNonRoot", false);
            return s;
        }), "must run as non-root");
    }

    @Test
    void aWritableRootFilesystemFails() {
        assertReported(seeded("StatefulSet", "postgres", s -> {
            firstContainerContext(s).put("readOnlyRootFilesystem", false);
            return s;
        }), "read-only root filesystem");
    }

    @Test
    void anUnsizedEmptyDirFails() {
        assertReported(seeded("Deployment", "evaluator", s -> {
            ((ArrayNode) s.path("volumes")).addObject().put("name", "scratch").putObject("emptyDir");
            return s;
        }), "emptyDir scratch has no sizeLimit");
    }

    @Test
    void aSweepStepRunningAsRootFails() {
        JsonNode workflow = Fixtures.workflowTemplate();
        for (JsonNode t : workflow.path("spec").path("templates")) {
            if (t.has("container")) {
                ((ObjectNode) t.path("container")).withObject("/securityContext").put("runAsUser", 0);
                break;
            }
        }
        assertReported(check(workflowPods(workflow)), "runs as user 0");
    }

    @Test
    void aSweepWithoutThePodSecurityContextFails() {
        JsonNode workflow = Fixtures.workflowTemplate();
        ((ObjectNode) workflow.path("spec")).remove("securityContext");
        List<Problem> problems = check(workflowPods(workflow));
        assertReported(problems, "must run as non-root");
        assertReported(problems, "seccompProfile RuntimeDefault");
    }
}
