package io.fewshot.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each test seeds one mistake into an in-memory copy of argo/fewshot-sweep.yaml. */
class ArgoSeededMistakesTest {

    private final JsonNode workflow = Fixtures.workflowTemplate();

    private List<Problem> problems() {
        List<Problem> all = new ArrayList<>(new ManifestValidator(Fixtures.catalog()).validate(workflow, "wt"));
        all.addAll(ArgoTemplates.check(workflow, "wt"));
        return all;
    }

    private ObjectNode template(String name) {
        for (JsonNode t : workflow.path("spec").path("templates")) {
            if (t.path("name").asText().equals(name)) {
                return (ObjectNode) t;
            }
        }
        throw new AssertionError("no template " + name);
    }

    private ObjectNode task(String template, String task) {
        for (JsonNode t : template(template).path("dag").path("tasks")) {
            if (t.path("name").asText().equals(task)) {
                return (ObjectNode) t;
            }
        }
        throw new AssertionError("no task " + task + " in " + template);
    }

    private void assertReports(String pathPrefix, String words) {
        List<Problem> problems = problems();
        assertTrue(problems.stream().anyMatch(p -> p.path().startsWith(pathPrefix) && p.message().contains(words)),
                "expected a problem under " + pathPrefix + " mentioning '" + words + "', got " + Fixtures.describe(problems));
    }

    @Test
    void theUnchangedTemplatePasses() {
        assertEquals(List.of(), problems());
    }

    @Test
    void anUnknownFieldIsReported() {
        template("train").put("retryStrategyy", "x");
        assertReports("$.spec.templates[", "retryStrategyy");
    }

    @Test
    void aWrongTypeIsReported() {
        template("cells").put("parallelism", "four");
        assertReports("$.spec.templates[", "integer");
    }

    @Test
    void aMissingRequiredFieldIsReported() {
        ((ObjectNode) template("train").path("container")).remove("image");
        assertReports("$.spec.templates[", "image");
    }

    @Test
    void aReferenceToAMissingTemplateIsReported() {
        task("sweep", "report").put("template", "reporter");
        assertReports("$.spec.templates[0].dag.tasks[", "template 'reporter', which does not exist");
    }

    @Test
    void aMissingEntrypointOrExitHandlerTemplateIsReported() {
        ((ObjectNode) workflow.path("spec")).put("onExit", "on-exit");
        assertReports("$.spec.onExit", "template 'on-exit', which does not exist");
    }

    @Test
    void aDagCycleIsReported() {
        task("sweep", "ingest-omniglot").put("depends", "report");
        assertReports("$.spec.templates[0].dag", "cycle: ");
    }

    @Test
    void aDependencyOnAMissingTaskIsReported() {
        task("sweep", "plan").put("depends", "pretrain-omniglot && pretrain-mini");
        assertReports("$.spec.templates[0].dag.tasks[", "depends on 'pretrain-mini'");
    }

    @Test
    void anUndeclaredWorkflowParameterIsReported() {
        ((ObjectNode) template("ingest").path("container")).put("image", "ghcr.io/fewshot-bench/ingest:{{workflow.parameters.tag}}");
        assertReports("$.spec.templates[", "workflow parameter 'tag' is not declared");
    }

    @Test
    void anUndeclaredParameterInAnExpressionIsReported() {
        ObjectNode param = (ObjectNode) task("sweep", "plan").path("arguments").path("parameters").get(0);
        param.put("value", "{{=workflow.parameters['mini-source'] == '' ? 'a' : 'b'}}");
        assertReports("$.spec.templates[0].dag.tasks[", "workflow parameter 'mini-source'");
    }

    @Test
    void anUndeclaredInputParameterIsReported() {
        ArrayNode args = (ArrayNode) template("evaluate").path("container").path("args");
        args.add("{{inputs.parameters.run-spec}}");
        assertReports("$.spec.templates[", "input parameter 'run-spec' is not declared");
    }

    @Test
    void anArgumentTheCalledTemplateDoesNotDeclareIsReported() {
        ((ArrayNode) task("cell", "evaluate").path("arguments").path("parameters")).addObject().put("name", "seed").put("value", "1");
        assertReports("$.spec.templates[", "passes parameter 'seed'");
    }

    @Test
    void aMissingRequiredArgumentIsReported() {
        ((ObjectNode) task("cell", "evaluate").path("arguments")).putArray("parameters");
        assertReports("$.spec.templates[", "does not pass parameter 'run-id'");
    }

    @Test
    void anUndeclaredOutputParameterIsReported() {
        ((ObjectNode) task("cell", "evaluate").path("arguments").path("parameters").get(0))
                .put("value", "{{tasks.train.outputs.parameters.runid}}");
        assertReports("$.spec.templates[", "declares no output parameter 'runid'");
    }

    @Test
    void usingATaskOutputWithoutDependingOnTheTaskIsReported() {
        task("cell", "evaluate").remove("depends");
        assertReports("$.spec.templates[", "task 'train' is not among the tasks this one depends on");
    }

    @Test
    void itemOutsideALoopIsReported() {
        task("cells", "cell").remove("withParam");
        assertReports("$.spec.templates[", "item is defined only");
    }

    @Test
    void aNodeOutcomeVariableOutsideMetricsIsReported() {
        ((ArrayNode) template("evaluate").path("container").path("args")).add("{{status}}");
        assertReports("$.spec.templates[", "status is defined only in a template's metrics");
    }

    @Test
    void aWorkflowWithoutEntrypointOrTemplateRefIsReported() {
        ((ObjectNode) workflow).put("kind", "Workflow");
        ((ObjectNode) workflow.path("spec")).remove("entrypoint");
        assertReports("$.spec.entrypoint", "no entrypoint");
    }

    @Test
    void neitherNameNorGenerateNameIsReported() {
        ((ObjectNode) workflow.path("metadata")).remove("name");
        assertReports("$.metadata", "metadata.name (or generateName");
    }

    @Test
    void anIntOrStringGivenABooleanIsReported() {
        template("train").withObject("/retryStrategy").put("limit", true);
        assertReports("$.spec.templates[", "boolean found, integer expected");
    }

    @Test
    void aParameterValueGivenAnObjectIsReported() {
        ((ObjectNode) workflow.path("spec").path("arguments").path("parameters").get(0)).putObject("value").put("a", 1);
        assertReports("$.spec.arguments.parameters[0].value", "object found");
    }

    @Test
    void aCronWorkflowsUndeclaredParameterIsReportedUnderItsWorkflowSpec() {
        ObjectNode cron = JsonNodeFactory.instance.objectNode();
        cron.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "CronWorkflow").putObject("metadata").put("name", "nightly");
        ObjectNode spec = cron.putObject("spec");
        spec.putArray("schedules").add("0 2 * * *");
        ObjectNode workflowSpec = spec.putObject("workflowSpec").put("entrypoint", "main");
        workflowSpec.putArray("templates").addObject().put("name", "main").putObject("container")
                .put("image", "alpine:3.20").putArray("args").add("{{workflow.parameters.profile}}");
        List<Problem> problems = ArgoTemplates.check(cron, "cron");
        assertTrue(problems.stream().anyMatch(p -> p.path().startsWith("$.spec.workflowSpec.templates[0]")
                && p.message().contains("workflow parameter 'profile' is not declared")), Fixtures.describe(problems));
    }
}
