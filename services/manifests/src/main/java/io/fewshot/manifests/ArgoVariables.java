package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the {@code {{...}}} variables in one place of a workflow against what is declared
 * there: workflow parameters, the template's inputs, the tasks or steps that run before, their
 * outputs, and {@code item} only where a loop defines it. Expression tags ({@code {{=...}}}) are
 * checked for the parameters they name; the rest of an expression is not interpreted.
 */
final class ArgoVariables {

    private static final Pattern TAG = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Pattern EXPRESSION_PARAMETER = Pattern.compile(
            "\\b(workflow|inputs)\\.parameters(?:\\['([^']+)'\\]|\\.([A-Za-z0-9_]+))");
    private static final Set<String> WORKFLOW_GLOBALS = Set.of("name", "namespace", "uid", "status", "failures",
            "duration", "serviceAccountName", "mainEntrypoint", "priority", "creationTimestamp", "labels",
            "annotations", "outputs", "scheduledTime");
    private static final Set<String> OTHER_GLOBALS = Set.of("pod", "retries", "node", "lastRetry", "outputs");
    /** What a template's own metrics may also use: the outcome of the node they describe. */
    private static final Set<String> METRIC_VARIABLES = Set.of("status", "duration", "exitCode", "resourcesDuration");

    /**
     * What may be referred to at one place.
     *
     * @param workflowParameters declared in spec.arguments.parameters
     * @param template           the template the text belongs to (its inputs are in scope)
     * @param loop               "tasks" or "steps" inside a DAG task or a step, else null
     * @param visible            tasks or steps that finish before this one, mapped to the template they run (null if external)
     * @param hasItem            whether a withParam/withItems/withSequence defines {@code item}
     * @param inMetrics          whether the text is in the template's metrics ({@code {{status}}} and kin)
     */
    record Scope(Set<String> workflowParameters, JsonNode template, String loop,
                 Map<String, JsonNode> visible, boolean hasItem, boolean inMetrics) {

        Scope(Set<String> workflowParameters, JsonNode template, String loop, Map<String, JsonNode> visible, boolean hasItem) {
            this(workflowParameters, template, loop, visible, hasItem, false);
        }

        static Scope metrics(Set<String> workflowParameters, JsonNode template) {
            return new Scope(workflowParameters, template, null, Map.of(), false, true);
        }
    }

    private ArgoVariables() {
    }

    /** Checks every string under {@code node}; {@code path} is the JSON path of {@code node}. */
    static void check(JsonNode node, Scope scope, String source, String path, List<Problem> problems) {
        if (node.isTextual()) {
            Matcher tag = TAG.matcher(node.asText());
            while (tag.find()) {
                String body = tag.group(1).trim();
                String problem = body.startsWith("=") ? checkExpression(body, scope) : checkVariable(body, scope);
                if (problem != null) {
                    problems.add(new Problem(source, path, "{{" + tag.group(1) + "}}: " + problem));
                }
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> check(e.getValue(), scope, source, path + "." + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), scope, source, path + "[" + i + "]", problems);
            }
        }
    }

    private static String checkExpression(String body, Scope scope) {
        Matcher m = EXPRESSION_PARAMETER.matcher(body);
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            String problem = checkParameter(m.group(1), name, scope);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String checkVariable(String body, Scope scope) {
        String[] parts = body.split("\\.");
        String head = parts[0];
        return switch (head) {
            case "workflow" -> parts.length >= 3 && parts[1].equals("parameters")
                    ? checkParameter("workflow", parts[2], scope)
                    : parts.length >= 2 && (WORKFLOW_GLOBALS.contains(parts[1]) || parts[1].equals("parameters"))
                    ? null : "not a workflow variable";
            case "inputs" -> checkInput(parts, scope);
            case "tasks", "steps" -> checkSibling(parts, scope);
            case "item" -> scope.hasItem() ? null : "item is defined only in a task or step with withParam, withItems or withSequence";
            default -> OTHER_GLOBALS.contains(head) ? null
                    : METRIC_VARIABLES.contains(head) ? (scope.inMetrics() ? null : head + " is defined only in a template's metrics")
                    : "unknown variable";
        };
    }

    private static String checkParameter(String where, String name, Scope scope) {
        if (where.equals("workflow")) {
            return scope.workflowParameters().contains(name) ? null
                    : "workflow parameter '" + name + "' is not declared in spec.arguments.parameters";
        }
        return ArgoTemplates.names(scope.template().path("inputs").path("parameters")).contains(name) ? null
                : "input parameter '" + name + "' is not declared in inputs.parameters of template '"
                + scope.template().path("name").asText() + "'";
    }

    private static String checkInput(String[] parts, Scope scope) {
        if (parts.length < 3) {
            return parts.length == 2 && parts[1].equals("parameters") ? null : "unknown input variable";
        }
        if (parts[1].equals("parameters")) {
            return checkParameter("inputs", parts[2], scope);
        }
        if (parts[1].equals("artifacts")) {
            return ArgoTemplates.names(scope.template().path("inputs").path("artifacts")).contains(parts[2]) ? null
                    : "input artifact '" + parts[2] + "' is not declared";
        }
        return "unknown input variable";
    }

    private static String checkSibling(String[] parts, Scope scope) {
        String kind = parts[0];
        if (!kind.equals(scope.loop())) {
            return kind + " variables can only be used " + (kind.equals("tasks") ? "in a DAG task" : "in a step");
        }
        if (parts.length == 2 && parts[1].equals("name")) {
            return null;
        }
        if (parts.length < 3 || !scope.visible().containsKey(parts[1])) {
            return kind.equals("tasks")
                    ? "task '" + (parts.length > 1 ? parts[1] : "") + "' is not among the tasks this one depends on"
                    : "step '" + (parts.length > 1 ? parts[1] : "") + "' does not run before this one";
        }
        JsonNode target = scope.visible().get(parts[1]);
        if (target == null || !parts[2].equals("outputs") || parts.length < 4) {
            return null;
        }
        return switch (parts[3]) {
            case "result" -> target.has("container") || target.has("script") || target.has("containerSet") ? null
                    : "template '" + target.path("name").asText() + "' has no result (not a container or script)";
            case "parameters", "artifacts" -> parts.length < 5
                    || ArgoTemplates.names(target.path("outputs").path(parts[3])).contains(parts[4]) ? null
                    : "template '" + target.path("name").asText() + "' declares no output " + parts[3].replaceAll("s$", "")
                    + " '" + parts[4] + "'";
            default -> null;
        };
    }
}
