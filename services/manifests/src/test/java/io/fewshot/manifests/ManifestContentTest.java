package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fewshot.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the sweep issue asks of the manifests, beyond being valid. */
class ManifestContentTest {

    private final JsonNode workflow = Fixtures.workflowTemplate();

    private JsonNode template(String name) {
        for (JsonNode t : workflow.path("spec").path("templates")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no template " + name);
    }

    private String parameterDefault(String name) {
        for (JsonNode p : workflow.path("spec").path("arguments").path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("value").asText(null);
            }
        }
        throw new AssertionError("no workflow parameter " + name);
    }

    @Test
    void everyTopicAndItsDlqTwinHasAKafkaTopicOnTheCluster() {
        List<JsonNode> docs = Fixtures.render("cpu");
        Set<String> declared = docs.stream().filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .peek(d -> assertEquals("fewshot", d.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                        "KafkaTopic " + d.path("metadata").path("name") + " names no or another cluster"))
                .map(d -> d.path("spec").path("topicName").asText(d.path("metadata").path("name").asText()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Topics.all()), declared, "KafkaTopics vs. the topics in io.fewshot.contracts.Topics");
        Fixtures.find(docs, "Kafka", "fewshot");
    }

    @Test
    void kafkaRunsInKraftModeOnADualRoleNodePool() {
        JsonNode pool = Fixtures.find(Fixtures.render("cpu"), "KafkaNodePool", "dual-role");
        assertEquals("fewshot", pool.path("metadata").path("labels").path("strimzi.io/cluster").asText());
        Set<String> roles = new TreeSet<>();
        pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
        assertEquals(Set.of("broker", "controller"), roles);
    }

    @Test
    void trainingStepsTakeAGpuOnlyWithDeviceGpuAndRetryWithBackoffButNotAfterExit2() {
        for (String name : List.of("train", "pretrain")) {
            JsonNode t = template(name);
            JsonNode c = t.path("container");
            assertFalse(c.path("resources").path("limits").has("nvidia.com/gpu"), name + ": a GPU only via device=gpu");
            assertEquals("{{workflow.parameters.train-cpus}}", c.path("resources").path("limits").path("cpu").asText());
            assertTrue(c.path("env").toString().contains("TRAINER_DEVICE") && c.path("env").toString()
                    .contains("TRAINER_THREADS"), name);
            assertTrue(t.path("podSpecPatch").asText().contains("workflow.parameters.device == 'gpu'"), name);
            assertTrue(t.path("podSpecPatch").asText().contains("workflow.parameters['gpu-pod-spec-patch']"), name);
            JsonNode retry = t.path("retryStrategy");
            assertTrue(retry.path("limit").asInt(0) >= 1, name + " retries");
            assertTrue(retry.path("backoff").has("duration"), name + " backs off");
            assertFalse(retry.path("backoff").has("maxDuration"), name + ": a deadline from the first try");
            assertEquals("lastRetry.exitCode != '2'", retry.path("expression").asText(), name);
            assertTrue(retry.path("affinity").has("nodeAntiAffinity"), name);
        }
        assertTrue(workflow.path("spec").path("podSpecPatch").asText().contains("terminationGracePeriodSeconds"));
    }

    @Test
    void theFanOutRunsOverThePlansCellsWithAParallelismLimit() {
        JsonNode sweep = template("sweep").path("dag").path("tasks");
        JsonNode cellsTask = null;
        for (JsonNode task : sweep) {
            if (task.path("template").asText().equals("cells")) {
                cellsTask = task;
            }
        }
        assertTrue(cellsTask != null, "the sweep DAG has no task calling 'cells'");
        assertEquals("{{tasks.plan.outputs.result}}", cellsTask.path("arguments").path("parameters").get(0).path("value").asText());
        JsonNode cells = template("cells");
        assertTrue(cells.path("parallelism").asInt(0) >= 1, "the fan-out has no parallelism limit");
        assertEquals("{{inputs.parameters.cells}}", cells.path("dag").path("tasks").get(0).path("withParam").asText());
    }

    @Test
    void theSweepHasTheIssuesParametersWithWorkingDefaults() throws Exception {
        assertEquals("smoke", parameterDefault("profile"));
        assertEquals(null, parameterDefault("omniglot-source"), "the Omniglot source must be given at submit");
        assertEquals("", parameterDefault("miniimagenet-source"), "empty = skip miniImageNet");
        assertFalse(parameterDefault("image-tag").isBlank());
        assertEquals("cpu", parameterDefault("device"));
        // The default GPU patch is a valid nodeSelector and valid tolerations, and asks the main container for a GPU.
        JsonNode podSpec = new ObjectMapper().readTree(parameterDefault("gpu-pod-spec-patch"));
        assertEquals("1", podSpec.path("containers").get(0).path("resources").path("limits").path("nvidia.com/gpu")
                .asText());
        assertEquals("main", podSpec.path("containers").get(0).path("name").asText());
        podSpec.path("nodeSelector").forEach(v -> assertTrue(v.isTextual(), "nodeSelector values are strings"));
        assertTrue(podSpec.path("tolerations").size() >= 1);
        for (JsonNode toleration : podSpec.path("tolerations")) {
            assertEquals(Set.of(), Fixtures.catalog().kubernetesDefinition("io.k8s.api.core.v1.Toleration").validate(toleration));
        }
    }

    @Test
    void theExitHandlerReportsFailure() {
        String onExit = workflow.path("spec").path("onExit").asText();
        JsonNode step = template(onExit).path("steps").get(0).get(0);
        assertTrue(step.path("when").asText().contains("{{workflow.status}} != Succeeded"), step.toString());
        assertTrue(template(step.path("template").asText()).path("container").path("env").toString().contains("{{workflow.failures}}"));
    }

    @Test
    void theArtifactRepositoryIsAValidMinioRepositoryInTheBase() {
        List<JsonNode> docs = Fixtures.render("cpu");
        JsonNode ref = workflow.path("spec").path("artifactRepositoryRef");
        JsonNode configMap = Fixtures.find(docs, "ConfigMap", ref.path("configMap").asText());
        String text = configMap.path("data").path(ref.path("key").asText()).asText("");
        assertFalse(text.isEmpty(), "ConfigMap " + ref.path("configMap") + " has no key " + ref.path("key"));
        JsonNode repository = YamlDocs.parse(text, "artifact repository").get(0);
        assertEquals(Set.of(), Fixtures.catalog().argoDefinition("io.argoproj.workflow.v1alpha1.ArtifactRepository").validate(repository));
        assertEquals("fewshot", repository.path("s3").path("bucket").asText());
        assertEquals(List.of(), new ObjectReferences(docs).check(repository, "artifact repository"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyConfigMapSecretAndServiceAccountThatIsNamedExists(String overlay) {
        List<JsonNode> docs = Fixtures.render(overlay);
        ObjectReferences references = new ObjectReferences(docs);
        List<Problem> problems = new ArrayList<>();
        docs.forEach(d -> problems.addAll(references.check(d, overlay + " " + YamlDocs.describe(d))));
        problems.addAll(references.check(workflow, "argo/fewshot-sweep.yaml"));
        assertEquals(List.of(), problems, Fixtures.describe(problems));
    }

    @Test
    void aSecretKeyThatDoesNotExistIsReported() {
        List<JsonNode> docs = Fixtures.render("cpu");
        JsonNode minio = Fixtures.find(docs, "StatefulSet", "minio");
        ObjectNode keyRef = (ObjectNode) minio.path("spec").path("template").path("spec").path("containers").get(0)
                .path("env").get(0).path("valueFrom").path("secretKeyRef");
        keyRef.put("key", "ROOT_USER");
        List<Problem> problems = new ObjectReferences(docs).check(minio, "minio");
        assertEquals(1, problems.size(), Fixtures.describe(problems));
        assertTrue(problems.get(0).message().contains("has no key 'ROOT_USER'"));
    }

    @Test
    void theGpuOverlayPutsTheTrainerOnAGpuNodeAtZeroReplicasAndTheCpuOverlayDoesNot() {
        JsonNode gpuDeployment = Fixtures.find(Fixtures.render("gpu"), "Deployment", "trainer");
        JsonNode cpuDeployment = Fixtures.find(Fixtures.render("cpu"), "Deployment", "trainer");
        assertEquals(0, gpuDeployment.path("spec").path("replicas").asInt(-1),
                "the workflow's pods train the sweep: an idle trainer replica would hold a GPU");
        assertEquals(1, cpuDeployment.path("spec").path("replicas").asInt(-1));
        JsonNode gpu = gpuDeployment.path("spec").path("template").path("spec");
        JsonNode cpu = cpuDeployment.path("spec").path("template").path("spec");
        assertEquals("1", gpu.path("containers").get(0).path("resources").path("limits").path("nvidia.com/gpu").asText());
        assertTrue(gpu.path("tolerations").toString().contains("nvidia.com/gpu"));
        assertTrue(gpu.path("containers").get(0).path("image").asText().startsWith("ghcr.io/fewshot-bench/trainer-gpu:"));
        assertFalse(cpu.toString().contains("nvidia.com/gpu"));
        assertTrue(cpu.path("containers").get(0).path("image").asText().startsWith("ghcr.io/fewshot-bench/trainer:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "trainer", "evaluator", "registry"})
    void everyServiceHasProbesResourcesAndItsSettings(String service) {
        JsonNode container = Fixtures.find(Fixtures.render("cpu"), "Deployment", service)
                .path("spec").path("template").path("spec").path("containers").get(0);
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertTrue(container.path("resources").path("requests").has("memory"));
        assertTrue(container.path("resources").path("limits").has("memory"));
        String envFrom = container.path("envFrom").toString();
        assertTrue(envFrom.contains("fewshot-config") && envFrom.contains("fewshot-s3-" + service), envFrom);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyServiceListensOnThePodAddressInTheCluster(String overlay) {
        List<JsonNode> docs = Fixtures.render(overlay);
        JsonNode config = Fixtures.find(docs, "ConfigMap", "fewshot-config").path("data");
        assertEquals("0.0.0.0", config.path("QUARKUS_HTTP_HOST").asText(), "the services' local default is 127.0.0.1");
        for (String service : List.of("ingest", "trainer", "evaluator", "registry")) {
            JsonNode container = Fixtures.find(docs, "Deployment", service)
                    .path("spec").path("template").path("spec").path("containers").get(0);
            boolean overridden = false;
            for (JsonNode env : container.path("env")) {
                overridden |= env.path("name").asText().equals("QUARKUS_HTTP_HOST");
            }
            assertTrue(container.path("envFrom").toString().contains("fewshot-config") && !overridden, service);
        }
    }
}
