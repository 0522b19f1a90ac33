package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Label and port wiring that the schemas cannot see: a workload's selector matches its own pod
 * template (the API server refuses it otherwise), every Service selects pods and finds the
 * ports it names on them, a StatefulSet's serviceName exists, and no NetworkPolicy selects
 * nothing (a typo in a label there silently opens or closes nothing).
 */
public final class Selectors {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    private Selectors() {
    }

    /**
     * @param objects   a rendered overlay
     * @param extraPods labels of pods made by others (Argo steps, Strimzi brokers) that policies may select
     */
    public static List<Problem> check(List<JsonNode> objects, String origin, List<Map<String, String>> extraPods) {
        List<Problem> problems = new ArrayList<>();
        List<JsonNode> templates = new ArrayList<>();
        Set<String> services = new HashSet<>();
        for (JsonNode o : objects) {
            if (WORKLOADS.contains(o.path("kind").asText())) {
                templates.add(o.path("spec").path("template"));
                checkOwnSelector(o, origin, problems);
            }
            if (o.path("kind").asText().equals("Service")) {
                services.add(o.path("metadata").path("name").asText());
            }
        }
        List<Map<String, String>> pods = new ArrayList<>(extraPods);
        templates.forEach(t -> pods.add(labels(t.path("metadata").path("labels"))));
        for (JsonNode o : objects) {
            String source = origin + " " + YamlDocs.describe(o);
            switch (o.path("kind").asText()) {
                case "Service" -> checkService(o, templates, source, problems);
                case "StatefulSet" -> {
                    String serviceName = o.path("spec").path("serviceName").asText("");
                    if (!serviceName.isEmpty() && !services.contains(serviceName)) {
                        problems.add(new Problem(source, "$.spec.serviceName", "Service '" + serviceName + "' does not exist"));
                    }
                }
                case "NetworkPolicy" -> {
                    JsonNode selector = o.path("spec").path("podSelector");
                    if (!selector.isEmpty() && pods.stream().noneMatch(p -> NetworkPolicies.matches(selector, p))) {
                        problems.add(new Problem(source, "$.spec.podSelector", "selects no pod of this deployment"));
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    private static void checkOwnSelector(JsonNode workload, String origin, List<Problem> problems) {
        JsonNode selector = workload.path("spec").path("selector");
        if (workload.path("kind").asText().equals("Job") && selector.isMissingNode()) {
            return; // Jobs generate their selector
        }
        if (!NetworkPolicies.matches(selector, labels(workload.path("spec").path("template").path("metadata").path("labels")))) {
            problems.add(new Problem(origin + " " + YamlDocs.describe(workload), "$.spec.selector",
                    "does not match the labels of its own pod template"));
        }
    }

    private static void checkService(JsonNode service, List<JsonNode> templates, String source, List<Problem> problems) {
        JsonNode selector = service.path("spec").path("selector");
        if (selector.isMissingNode() || selector.isEmpty()) {
            return; // a Service without a selector has its endpoints managed by hand
        }
        Map<String, String> wanted = labels(selector);
        List<JsonNode> selected = templates.stream()
                .filter(t -> labels(t.path("metadata").path("labels")).entrySet().containsAll(wanted.entrySet()))
                .toList();
        if (selected.isEmpty()) {
            problems.add(new Problem(source, "$.spec.selector", "selects no pod template of this deployment"));
            return;
        }
        JsonNode ports = service.path("spec").path("ports");
        for (int i = 0; i < ports.size(); i++) {
            JsonNode target = ports.get(i).path("targetPort");
            if (target.isTextual() && selected.stream().noneMatch(t -> namesPort(t, target.asText()))) {
                problems.add(new Problem(source, "$.spec.ports[" + i + "].targetPort",
                        "no selected container has a port named '" + target.asText() + "'"));
            }
        }
    }

    private static boolean namesPort(JsonNode template, String name) {
        for (JsonNode container : template.path("spec").path("containers")) {
            for (JsonNode port : container.path("ports")) {
                if (name.equals(port.path("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new HashMap<>();
        labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
