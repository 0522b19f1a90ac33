package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.sweep.PaperTable;
import io.fewshot.contracts.sweep.Profile;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The deployment says the same as io.fewshot.contracts: profiles, datasets, bucket, object keys. */
class ContractsAgreementTest {

    private final JsonNode workflow = Fixtures.workflowTemplate();

    private JsonNode workflowParameter(String name) {
        for (JsonNode p : workflow.path("spec").path("arguments").path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no workflow parameter " + name);
    }

    @Test
    void theProfileParameterOffersExactlyTheContractsProfiles() {
        Set<String> offered = new TreeSet<>();
        workflowParameter("profile").path("enum").forEach(v -> offered.add(v.asText()));
        assertEquals(Arrays.stream(Profile.values()).map(Profile::id).collect(Collectors.toCollection(TreeSet::new)), offered);
    }

    @Test
    void theIngestedDatasetsAreThePaperTablesDatasets() {
        Set<String> ingested = new TreeSet<>();
        for (JsonNode task : workflow.path("spec").path("templates").get(0).path("dag").path("tasks")) {
            if (task.path("template").asText().equals("ingest")) {
                ingested.add(task.path("arguments").path("parameters").get(0).path("value").asText());
            }
        }
        assertEquals(Arrays.stream(PaperTable.values()).map(PaperTable::dataset).collect(Collectors.toCollection(TreeSet::new)), ingested);
    }

    @Test
    void servicesAndArgoUseTheContractsBucket() {
        List<JsonNode> docs = Fixtures.render("cpu");
        assertEquals(ObjectKeys.DEFAULT_BUCKET, Fixtures.find(docs, "ConfigMap", "fewshot-config").path("data").path("S3_BUCKET").asText());
        String repository = Fixtures.find(docs, "ConfigMap", "artifact-repositories").path("data").path("minio").asText();
        assertEquals(ObjectKeys.DEFAULT_BUCKET, YamlDocs.parse(repository, "minio").get(0).path("s3").path("bucket").asText());
    }

    @Test
    void aGeneratedWorkflowNameIsASafeSweepIdAndTheFailureReportLandsInItsPrefix() {
        String sweepId = "fewshot-sweep-paper-x7k2p"; // submit-sweep.sh's --generate-name plus Argo's suffix
        assertTrue(ObjectKeys.isSafeSegment(sweepId));
        JsonNode failureStep = null;
        for (JsonNode t : workflow.path("spec").path("templates")) {
            if (t.path("name").asText().equals("report-failure")) {
                failureStep = t;
            }
        }
        String key = failureStep.path("outputs").path("artifacts").get(0).path("s3").path("key").asText()
                .replace("{{workflow.name}}", sweepId);
        assertEquals(ObjectKeys.sweepPrefix(sweepId) + "failure.json", key);
    }
}
