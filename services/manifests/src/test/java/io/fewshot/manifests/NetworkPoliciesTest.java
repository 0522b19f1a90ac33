package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fewshot.manifests.NetworkPolicies.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each component reaches what it needs and nothing else, by the rendered NetworkPolicies. */
class NetworkPoliciesTest {

    private final List<JsonNode> docs = Fixtures.render("gpu");
    private final JsonNode workflow = Fixtures.workflowTemplate();
    private final NetworkPolicies policies = new NetworkPolicies(docs);

    /** What Strimzi labels a broker pod with, and CoreDNS's pods. */
    private final Pod broker = Pod.in("fewshot", Map.of("strimzi.io/cluster", "fewshot", "strimzi.io/kind", "Kafka",
            "strimzi.io/broker-role", "true"));
    private final Pod dns = Pod.in("kube-system", Map.of("k8s-app", "kube-dns"));

    private Pod workload(String kind, String name) {
        return pod(Fixtures.find(docs, kind, name).path("spec").path("template").path("metadata").path("labels"));
    }

    private Pod step(String template) {
        for (JsonNode t : workflow.path("spec").path("templates")) {
            if (t.path("name").asText().equals(template)) {
                return pod(t.path("metadata").path("labels"));
            }
        }
        throw new AssertionError("no template " + template);
    }

    private static Pod pod(JsonNode labels) {
        Map<String, String> map = new HashMap<>();
        labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return Pod.in("fewshot", map);
    }

    private boolean tcp(Pod from, Pod to, int port) {
        return policies.allows(from, to, port, "TCP");
    }

    @Test
    void theServicesReachKafkaMinioAndDns() {
        for (String service : List.of("ingest", "trainer", "evaluator", "registry")) {
            Pod pod = workload("Deployment", service);
            assertTrue(tcp(pod, broker, 9092), service + " -> kafka");
            assertTrue(tcp(pod, workload("StatefulSet", "minio"), 9000), service + " -> minio");
            assertTrue(policies.allows(pod, dns, 53, "UDP"), service + " -> dns");
        }
    }

    @Test
    void onlyTheRegistryReachesPostgres() {
        Pod postgres = workload("StatefulSet", "postgres");
        assertTrue(tcp(workload("Deployment", "registry"), postgres, 5432));
        for (Pod other : List.of(workload("Deployment", "ingest"), workload("Deployment", "trainer"),
                workload("Deployment", "evaluator"), workload("StatefulSet", "minio"), step("train"), step("report"))) {
            assertFalse(tcp(other, postgres, 5432), other.labels() + " -> postgres");
        }
    }

    @Test
    void theWorkflowStepsReachWhatTheirCommandsUse() {
        Pod minio = workload("StatefulSet", "minio");
        Pod registry = workload("Deployment", "registry");
        for (String s : List.of("ingest", "pretrain", "train", "evaluate")) {
            assertTrue(tcp(step(s), broker, 9092), s + " -> kafka");
            assertTrue(tcp(step(s), minio, 9000), s + " -> minio");
        }
        assertTrue(tcp(step("report"), registry, 8080), "report -> registry");
        assertFalse(tcp(step("plan"), broker, 9092), "plan only prints cells");
        assertFalse(tcp(step("train"), registry, 8080), "training never calls the registry");
    }

    @Test
    void everyStepsExecutorReachesTheApiServerAndArchivesItsLogInMinio() {
        Pod apiServer = Pod.in("default", Map.of("component", "kube-apiserver"));
        Pod minio = workload("StatefulSet", "minio");
        for (JsonNode t : workflow.path("spec").path("templates")) {
            if (t.has("container") || t.has("script")) {
                Pod step = step(t.path("name").asText());
                assertTrue(tcp(step, apiServer, 443), t.path("name") + " -> API server");
                assertTrue(tcp(step, minio, 9000), t.path("name") + " -> minio (archived log)");
            }
        }
        assertFalse(tcp(workload("Deployment", "trainer"), apiServer, 443), "services never call the API server");
    }

    @Test
    void minioAndPostgresReachNothingButDns() {
        Pod minio = workload("StatefulSet", "minio");
        Pod postgres = workload("StatefulSet", "postgres");
        assertFalse(tcp(minio, broker, 9092));
        assertFalse(tcp(postgres, minio, 9000));
        assertFalse(tcp(minio, workload("Deployment", "registry"), 8080));
        assertTrue(policies.allows(postgres, dns, 53, "UDP"));
    }

    @Test
    void theBucketJobReachesMinioOnly() {
        Pod job = workload("Job", "minio-create-bucket");
        assertTrue(tcp(job, workload("StatefulSet", "minio"), 9000));
        assertFalse(tcp(job, broker, 9092));
        assertFalse(tcp(job, workload("StatefulSet", "postgres"), 5432));
    }

    @Test
    void withoutTheS3ClientPolicyTheTrainerLosesMinio() {
        List<JsonNode> fewer = docs.stream()
                .filter(d -> !d.path("metadata").path("name").asText().equals("s3-clients-to-minio")).toList();
        assertFalse(new NetworkPolicies(fewer).allows(workload("Deployment", "trainer"), workload("StatefulSet", "minio"), 9000, "TCP"));
    }
}
