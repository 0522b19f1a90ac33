package io.fewshot.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters a WorkflowTemplate declares (spec.arguments.parameters), so that a submission is
 * checked the way Argo would check it, before a Workflow exists: unknown names, missing required
 * values (a parameter without a default) and values outside an {@code enum}.
 */
public record ArgoTemplate(String name, Map<String, Parameter> parameters) {

    /** A declared parameter: its default (null = required) and allowed values (empty = any). */
    public record Parameter(String name, String defaultValue, List<String> allowed) {
    }

    @SuppressWarnings("unchecked")
    public static ArgoTemplate of(GenericKubernetesResource template) {
        Map<String, Parameter> declared = new LinkedHashMap<>();
        Object spec = template.getAdditionalProperties().get("spec");
        Object arguments = spec instanceof Map<?, ?> s ? s.get("arguments") : null;
        Object params = arguments instanceof Map<?, ?> a ? a.get("parameters") : null;
        if (params instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> p && p.get("name") != null) {
                    String name = p.get("name").toString();
                    Object value = p.get("value");
                    List<String> allowed = new ArrayList<>();
                    if (p.get("enum") instanceof List<?> e) {
                        e.forEach(v -> allowed.add(String.valueOf(v)));
                    }
                    declared.put(name, new Parameter(name, value == null ? null : value.toString(), allowed));
                }
            }
        }
        return new ArgoTemplate(template.getMetadata().getName(), declared);
    }

    /** Every problem with these arguments, for one error message; empty if Argo would accept them. */
    public List<String> problems(Map<String, String> arguments) {
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(arguments.keySet());
        unknown.removeAll(parameters.keySet());
        for (String u : unknown) {
            problems.add("'" + u + "' is not a parameter of WorkflowTemplate " + name + " (it has: "
                    + String.join(", ", parameters.keySet()) + ")");
        }
        for (Parameter p : parameters.values()) {
            String value = arguments.get(p.name());
            if (value == null && p.defaultValue() == null) {
                problems.add("parameter '" + p.name() + "' is required: add -p " + p.name() + "=...");
            }
            if (value != null && !p.allowed().isEmpty() && !p.allowed().contains(value)) {
                problems.add("parameter '" + p.name() + "' must be one of " + String.join(", ", p.allowed())
                        + ", was '" + value + "'");
            }
        }
        return problems;
    }
}
