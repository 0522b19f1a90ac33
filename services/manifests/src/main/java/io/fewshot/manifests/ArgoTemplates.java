package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference checks that a JSON schema cannot make on a Workflow or WorkflowTemplate (what
 * {@code argo lint} would say): every referenced template exists, a DAG's dependencies exist and
 * form no cycle, arguments match the called template's inputs, and every {@code {{...}}}
 * variable refers to something declared (see {@link ArgoVariables}). Templates reached through
 * templateRef live in other objects and are not followed.
 */
public final class ArgoTemplates {

    private static final Pattern DEPENDS_TASK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(?:\\.[A-Za-z]+)?");
    private static final Set<String> WORKFLOW_KINDS = Set.of("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow");
    private static final Set<String> LOOPS = Set.of("withParam", "withItems", "withSequence");

    private final String source;
    private final JsonNode workflow;
    private final JsonNode spec;
    private final String specPath;
    private final Map<String, JsonNode> templates = new LinkedHashMap<>();
    private final Set<String> workflowParameters;
    private final List<Problem> problems = new ArrayList<>();

    private ArgoTemplates(JsonNode workflow, String source) {
        this.source = source;
        this.workflow = workflow;
        boolean cron = "CronWorkflow".equals(workflow.path("kind").asText());
        this.spec = cron ? workflow.path("spec").path("workflowSpec") : workflow.path("spec");
        this.specPath = cron ? "$.spec.workflowSpec" : "$.spec";
        this.workflowParameters = names(spec.path("arguments").path("parameters"));
    }

    /** Whether {@link #check} applies: a kind that holds a workflow spec. */
    public static boolean isArgoWorkflowKind(JsonNode doc) {
        return doc.path("apiVersion").asText().startsWith("argoproj.io/") && WORKFLOW_KINDS.contains(doc.path("kind").asText());
    }

    public static List<Problem> check(JsonNode workflow, String source) {
        ArgoTemplates checker = new ArgoTemplates(workflow, source);
        checker.run();
        return List.copyOf(checker.problems);
    }

    /** The "name" of every element of an array of named things (parameters, artifacts, templates). */
    static Set<String> names(JsonNode array) {
        Set<String> names = new LinkedHashSet<>();
        array.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private void run() {
        JsonNode list = spec.path("templates");
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).path("name").asText();
            if (templates.putIfAbsent(name, list.get(i)) != null) {
                problem(specPath + ".templates[" + i + "].name", "template name '" + name + "' is used twice");
            }
        }
        if (spec.has("entrypoint")) {
            requireTemplate(spec.path("entrypoint").asText(), specPath + ".entrypoint");
        } else if (entrypointRequired()) {
            problem(specPath + ".entrypoint", "no entrypoint: argo submit would need --entrypoint");
        }
        if (spec.has("onExit")) {
            requireTemplate(spec.path("onExit").asText(), specPath + ".onExit");
        }
        spec.path("hooks").properties().forEach(h -> requireTemplate(h.getValue().path("template").asText(), specPath + ".hooks." + h.getKey()));
        ObjectNode globals = spec.deepCopy();
        globals.remove("templates");
        ArgoVariables.check(globals, new ArgoVariables.Scope(workflowParameters, globals, null, Map.of(), false), source, specPath, problems);
        for (int i = 0; i < list.size(); i++) {
            checkTemplate(list.get(i), specPath + ".templates[" + i + "]");
        }
    }

    /**
     * Templates are libraries whose user names the entrypoint (Argo validates them with
     * IgnoreEntrypoint when they have none); a Workflow that runs a WorkflowTemplate takes its entrypoint.
     */
    private boolean entrypointRequired() {
        String kind = workflow.path("kind").asText();
        boolean library = kind.equals("WorkflowTemplate") || kind.equals("ClusterWorkflowTemplate");
        return !library && !spec.has("workflowTemplateRef");
    }

    private void checkTemplate(JsonNode template, String path) {
        ObjectNode own = template.deepCopy();
        own.remove(List.of("dag", "steps", "metrics"));
        ArgoVariables.check(own, new ArgoVariables.Scope(workflowParameters, template, null, Map.of(), false), source, path, problems);
        ArgoVariables.check(template.path("metrics"), ArgoVariables.Scope.metrics(workflowParameters, template), source, path + ".metrics", problems);
        if (template.has("dag")) {
            checkDag(template, path + ".dag");
        }
        if (template.has("steps")) {
            checkSteps(template, path + ".steps");
        }
    }

    private void checkDag(JsonNode template, String path) {
        JsonNode tasks = template.path("dag").path("tasks");
        Map<String, JsonNode> targets = new HashMap<>();
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            String name = tasks.get(i).path("name").asText();
            if (targets.containsKey(name)) {
                problem(path + ".tasks[" + i + "].name", "task name '" + name + "' is used twice");
            }
            targets.put(name, target(tasks.get(i)));
        }
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            String taskPath = path + ".tasks[" + i + "]";
            List<String> deps = new ArrayList<>();
            for (String dep : dependencies(task)) {
                if (targets.containsKey(dep)) {
                    deps.add(dep);
                } else {
                    problem(taskPath, "depends on '" + dep + "', which is not a task of this DAG");
                }
            }
            dependsOn.put(task.path("name").asText(), deps);
            checkCall(task, taskPath);
        }
        Optional<List<String>> cycle = DagCycles.find(dependsOn);
        cycle.ifPresent(c -> problem(path, "the task dependencies form a cycle: " + String.join(" -> ", c)));
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            Map<String, JsonNode> visible = new HashMap<>();
            if (cycle.isEmpty()) {
                DagCycles.ancestors(task.path("name").asText(), dependsOn).forEach(a -> visible.put(a, targets.get(a)));
            }
            checkTaskVariables(task, template, "tasks", visible, path + ".tasks[" + i + "]");
        }
    }

    private void checkSteps(JsonNode template, String path) {
        Map<String, JsonNode> before = new HashMap<>();
        JsonNode groups = template.path("steps");
        for (int g = 0; g < groups.size(); g++) {
            Map<String, JsonNode> group = new HashMap<>();
            for (int s = 0; s < groups.get(g).size(); s++) {
                JsonNode step = groups.get(g).get(s);
                String stepPath = path + "[" + g + "][" + s + "]";
                checkCall(step, stepPath);
                checkTaskVariables(step, template, "steps", before, stepPath);
                group.put(step.path("name").asText(), target(step));
            }
            before.putAll(group);
        }
    }

    private void checkTaskVariables(JsonNode task, JsonNode template, String loop, Map<String, JsonNode> visible, String path) {
        boolean hasItem = LOOPS.stream().anyMatch(task::has);
        ObjectNode body = task.deepCopy();
        body.remove(List.of("withParam", "withItems", "withSequence", "depends", "dependencies"));
        ArgoVariables.check(body, new ArgoVariables.Scope(workflowParameters, template, loop, visible, hasItem), source, path, problems);
        ObjectNode loopOnly = task.deepCopy();
        loopOnly.retain("withParam", "withItems", "withSequence");
        ArgoVariables.check(loopOnly, new ArgoVariables.Scope(workflowParameters, template, loop, visible, false), source, path, problems);
    }

    /** A task's or step's call: the template exists, and the arguments fit its inputs. */
    private void checkCall(JsonNode call, String path) {
        if (call.has("template") && requireTemplate(call.path("template").asText(), path + ".template")) {
            JsonNode target = templates.get(call.path("template").asText());
            Set<String> passed = names(call.path("arguments").path("parameters"));
            Set<String> declared = names(target.path("inputs").path("parameters"));
            for (String name : passed) {
                if (!declared.contains(name)) {
                    problem(path + ".arguments", "passes parameter '" + name + "', which template '"
                            + target.path("name").asText() + "' does not declare");
                }
            }
            for (JsonNode input : target.path("inputs").path("parameters")) {
                String name = input.path("name").asText();
                if (!passed.contains(name) && !input.has("value") && !input.has("default") && !input.has("valueFrom")) {
                    problem(path + ".arguments", "does not pass parameter '" + name + "', which template '"
                            + target.path("name").asText() + "' requires");
                }
            }
        } else if (!call.has("template") && !call.has("templateRef") && !call.has("inline")) {
            problem(path, "calls no template (template, templateRef or inline)");
        }
        if (call.has("onExit")) {
            requireTemplate(call.path("onExit").asText(), path + ".onExit");
        }
        call.path("hooks").properties().forEach(h -> requireTemplate(h.getValue().path("template").asText(), path + ".hooks." + h.getKey()));
    }

    private JsonNode target(JsonNode call) {
        return call.has("inline") ? call.get("inline") : templates.get(call.path("template").asText());
    }

    /** Task names from "dependencies" and from the "depends" expression (a.Succeeded && !b ...). */
    static Set<String> dependencies(JsonNode task) {
        Set<String> deps = new LinkedHashSet<>();
        task.path("dependencies").forEach(d -> deps.add(d.asText()));
        Matcher m = DEPENDS_TASK.matcher(task.path("depends").asText(""));
        while (m.find()) {
            String token = m.group();
            int dot = token.indexOf('.');
            deps.add(dot < 0 ? token : token.substring(0, dot));
        }
        return deps;
    }

    private boolean requireTemplate(String name, String path) {
        if (templates.containsKey(name)) {
            return true;
        }
        problem(path, "refers to template '" + name + "', which does not exist");
        return false;
    }

    private void problem(String path, String message) {
        problems.add(new Problem(source, path, message));
    }
}
