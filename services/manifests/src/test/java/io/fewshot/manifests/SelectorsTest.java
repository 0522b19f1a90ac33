package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorsTest {

    /** Pods the render does not make but its NetworkPolicies are written for: Argo steps, Strimzi brokers. */
    static List<Map<String, String>> otherPods() {
        List<Map<String, String>> pods = new ArrayList<>();
        Fixtures.workflowTemplate().path("spec").path("templates")
                .forEach(t -> pods.add(Selectors.labels(t.path("metadata").path("labels"))));
        pods.add(Map.of("strimzi.io/cluster", "fewshot", "strimzi.io/kind", "Kafka"));
        return pods;
    }

    private static List<Problem> check(List<JsonNode> docs) {
        return Selectors.check(docs, "test", otherPods());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void servicesPoliciesAndWorkloadsAreWiredToRealPodsAndPorts(String overlay) {
        List<Problem> problems = Selectors.check(Fixtures.render(overlay), overlay, otherPods());
        assertEquals(List.of(), problems, Fixtures.describe(problems));
    }

    @Test
    void aServiceWhoseSelectorMatchesNoPodIsReported() {
        List<JsonNode> docs = Fixtures.render("cpu");
        ((ObjectNode) Fixtures.find(docs, "Service", "registry").path("spec").path("selector"))
                .put("app.kubernetes.io/name", "registy");
        List<Problem> problems = check(docs);
        assertTrue(problems.stream().anyMatch(p -> p.source().contains("Service/registry") && p.message().contains("selects no pod")),
                Fixtures.describe(problems));
    }

    @Test
    void aTargetPortNameNoContainerHasIsReported() {
        List<JsonNode> docs = Fixtures.render("cpu");
        ((ObjectNode) Fixtures.find(docs, "Service", "minio").path("spec").path("ports").get(0)).put("targetPort", "api");
        List<Problem> problems = check(docs);
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("port named 'api'")), Fixtures.describe(problems));
    }

    @Test
    void aWorkloadSelectorThatMissesItsOwnPodsIsReported() {
        List<JsonNode> docs = Fixtures.render("cpu");
        ((ObjectNode) Fixtures.find(docs, "Deployment", "trainer").path("spec").path("selector").path("matchLabels"))
                .put("app.kubernetes.io/name", "training");
        List<Problem> problems = check(docs);
        assertTrue(problems.stream().anyMatch(p -> p.source().contains("Deployment/trainer")
                && p.message().contains("own pod template")), Fixtures.describe(problems));
    }

    @Test
    void aNetworkPolicyThatSelectsNothingIsReported() {
        List<JsonNode> docs = Fixtures.render("cpu");
        ((ObjectNode) Fixtures.find(docs, "NetworkPolicy", "postgres-from-registry").path("spec").path("podSelector")
                .path("matchLabels")).put("app.kubernetes.io/name", "postgresql");
        List<Problem> problems = check(docs);
        assertTrue(problems.stream().anyMatch(p -> p.source().contains("postgres-from-registry")), Fixtures.describe(problems));
    }
}
