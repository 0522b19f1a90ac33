package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validation is only worth something if it fails: each test seeds one mistake into an
 * in-memory copy of a real manifest and expects exactly that mistake to be reported.
 */
class SeededMistakesTest {

    private final ManifestValidator validator = new ManifestValidator(Fixtures.catalog());

    private static ObjectNode trainerContainer(JsonNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static void assertReports(List<Problem> problems, String path, String words) {
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(path) && p.message().contains(words)),
                "expected a problem at " + path + " mentioning '" + words + "', got " + Fixtures.describe(problems));
    }

    @Test
    void theUnchangedObjectsPass() {
        List<JsonNode> docs = Fixtures.render("gpu");
        assertEquals(List.of(), validator.validate(Fixtures.find(docs, "Deployment", "trainer"), "trainer"));
        assertEquals(List.of(), validator.validate(Fixtures.find(docs, "KafkaTopic", "fsl.results.registered.v1"), "topic"));
    }

    /** Strictness is on for every kind deployed, at the top and inside spec: each has its own schema. */
    @Test
    void anUnknownFieldInAnyRenderedObjectIsReported() {
        for (JsonNode original : Fixtures.render("gpu")) {
            JsonNode top = original.deepCopy();
            ((ObjectNode) top).put("bogusField", 1);
            assertReports(validator.validate(top, YamlDocs.describe(top)), "$", "bogusField");
            if (original.path("spec").isObject()) {
                JsonNode inSpec = original.deepCopy();
                ((ObjectNode) inSpec.path("spec")).put("bogusField", 1);
                assertReports(validator.validate(inSpec, YamlDocs.describe(inSpec)), "$.spec", "bogusField");
            }
        }
    }

    @Test
    void anUnknownFieldInADeploymentIsReported() {
        JsonNode deployment = Fixtures.find(Fixtures.render("gpu"), "Deployment", "trainer");
        trainerContainer(deployment).put("imagePullPolicyy", "Always");
        assertReports(validator.validate(deployment, "trainer"), "$.spec.template.spec.containers[0]", "imagePullPolicyy");
    }

    @Test
    void aWrongTypeIsReported() {
        JsonNode deployment = Fixtures.find(Fixtures.render("cpu"), "Deployment", "trainer");
        ((ObjectNode) deployment.path("spec")).put("replicas", "one");
        assertReports(validator.validate(deployment, "trainer"), "$.spec.replicas", "integer");
    }

    @Test
    void aMissingRequiredFieldIsReported() {
        JsonNode deployment = Fixtures.find(Fixtures.render("cpu"), "Deployment", "trainer");
        trainerContainer(deployment).remove("name");
        assertReports(validator.validate(deployment, "trainer"), "$.spec.template.spec.containers[0]", "name");
    }

    @Test
    void aKafkaTopicWithAnUnknownFieldIsReported() {
        JsonNode topic = Fixtures.find(Fixtures.render("cpu"), "KafkaTopic", "fsl.results.registered.v1");
        ((ObjectNode) topic.path("spec")).put("partition", 3);
        assertReports(validator.validate(topic, "topic"), "$.spec", "partition");
    }

    @Test
    void aKafkaTopicConfigStaysFreeForm() {
        JsonNode topic = Fixtures.find(Fixtures.render("cpu"), "KafkaTopic", "fsl.results.registered.v1");
        ((ObjectNode) topic.path("spec").path("config")).put("cleanup.policy", "compact");
        assertEquals(List.of(), validator.validate(topic, "topic"));
    }

    @Test
    void anUnknownFieldDeepInTheKafkaClusterIsReported() {
        JsonNode kafka = Fixtures.find(Fixtures.render("cpu"), "Kafka", "fewshot");
        ((ObjectNode) kafka.path("spec").path("kafka").path("listeners").get(0)).put("tlss", false);
        assertReports(validator.validate(kafka, "kafka"), "$.spec.kafka.listeners[0]", "tlss");
    }

    @Test
    void aKafkaNodePoolWithAnUnknownRoleIsReported() {
        JsonNode pool = Fixtures.find(Fixtures.render("cpu"), "KafkaNodePool", "dual-role");
        ((ArrayNode) pool.path("spec").path("roles")).add("zookeeper");
        assertReports(validator.validate(pool, "pool"), "$.spec.roles[2]", "enum");
    }

    @Test
    void badMetadataOfACustomResourceIsReported() {
        JsonNode topic = Fixtures.find(Fixtures.render("cpu"), "KafkaTopic", "fsl.results.registered.v1");
        ((ObjectNode) topic.path("metadata")).put("label", "oops");
        assertReports(validator.validate(topic, "topic"), "$.metadata", "label");
    }

    @Test
    void aKindWithoutASchemaIsReported() {
        JsonNode deployment = Fixtures.find(Fixtures.render("cpu"), "Deployment", "trainer");
        ((ObjectNode) deployment).put("apiVersion", "apps/v1beta1");
        assertReports(validator.validate(deployment, "trainer"), "$", "no offline schema");
    }

    @Test
    void aWrongTypeInAResourceLimitMapIsReported() {
        JsonNode deployment = Fixtures.find(Fixtures.render("gpu"), "Deployment", "trainer");
        ((ObjectNode) trainerContainer(deployment).path("resources").path("limits")).putObject("nvidia.com/gpu");
        assertReports(validator.validate(deployment, "trainer"), "$.spec.template.spec.containers[0].resources.limits['nvidia.com/gpu']",
                "object found, string expected");
    }
}
