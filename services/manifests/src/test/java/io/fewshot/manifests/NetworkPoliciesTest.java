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

    /** A typical API server endpoint (a node or control-plane address in a private range). */
    private static final String API_SERVER = "10.0.0.1";
    private static final String METADATA = "169.254.169.254";
    private static final String PUBLIC_HOST = "93.184.215.14";

    @Test
    void everyStepsExecutorReachesTheApiServerAndArchivesItsLogInMinio() {
        Pod minio = workload("StatefulSet", "minio");
        for (JsonNode t : workflow.path("spec").path("templates")) {
            if (t.has("container") || t.has("script")) {
                Pod step = step(t.path("name").asText());
                assertTrue(policies.allowsAddress(step, API_SERVER, 443, "TCP"), t.path("name") + " -> API server");
                assertTrue(policies.allowsAddress(step, "192.168.1.10", 6443, "TCP"), t.path("name") + " -> API server on 6443");
                assertTrue(tcp(step, minio, 9000), t.path("name") + " -> minio (archived log)");
            }
        }
        assertFalse(policies.allowsAddress(workload("Deployment", "trainer"), API_SERVER, 443, "TCP"),
                "services never call the API server");
    }

    @Test
    void stepsReachNeitherTheInternetNorTheMetadataEndpointThroughTheApiServerRule() {
        for (String s : List.of("train", "evaluate", "report", "plan")) {
            assertFalse(policies.allowsAddress(step(s), PUBLIC_HOST, 443, "TCP"), s + " -> internet");
            assertFalse(policies.allowsAddress(step(s), METADATA, 443, "TCP"), s + " -> metadata");
            assertFalse(policies.allowsAddress(step(s), API_SERVER, 80, "TCP"), s + " -> other ports");
        }
    }

    @Test
    void ingestReachesTheInternetButNoClusterCloudOrLinkLocalAddress() {
        Pod ingest = workload("Deployment", "ingest");
        assertTrue(policies.allowsAddress(ingest, PUBLIC_HOST, 443, "TCP"));
        assertTrue(policies.allowsAddress(ingest, PUBLIC_HOST, 80, "TCP"));
        for (String inside : List.of(METADATA, "169.254.170.2", "10.96.0.1", "172.20.0.5", "192.168.0.1",
                "100.64.0.10", "127.0.0.1", "0.0.0.0")) {
            assertFalse(policies.allowsAddress(ingest, inside, 80, "TCP"), "ingest -> " + inside);
            assertFalse(policies.allowsAddress(ingest, inside, 443, "TCP"), "ingest -> " + inside);
        }
        assertFalse(policies.allowsAddress(workload("Deployment", "trainer"), PUBLIC_HOST, 443, "TCP"), "only ingest downloads");
    }

    @Test
    void withoutTheExceptListIngestWouldReachTheMetadataEndpoint() {
        List<JsonNode> open = docs.stream().map(d -> {
            if (d.path("metadata").path("name").asText().equals("ingest-to-internet")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) d.path("spec").path("egress").get(0).path("to").get(0)
                        .path("ipBlock")).remove("except");
            }
            return d;
        }).toList();
        assertTrue(new NetworkPolicies(open).allowsAddress(workload("Deployment", "ingest"), METADATA, 80, "TCP"));
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
        Pod job = workload("Job", "minio-setup");
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
