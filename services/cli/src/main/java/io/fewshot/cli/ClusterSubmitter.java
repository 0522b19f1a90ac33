package io.fewshot.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a sweep on Kubernetes: an Argo Workflow that runs the WorkflowTemplate {@value #TEMPLATE}
 * with the given parameters, created through the Kubernetes API (what {@code argo submit --from
 * workflowtemplate/fewshot-sweep} does, without needing the argo binary). The Workflow's name is the
 * sweep id: the template passes {@code workflow.name} to its steps as FSB_SWEEP_ID.
 */
public final class ClusterSubmitter {
    public static final String TEMPLATE = "fewshot-sweep";
    static final String API_VERSION = "argoproj.io/v1alpha1";
    static final ResourceDefinitionContext WORKFLOWS = context("Workflow", "workflows");
    static final ResourceDefinitionContext TEMPLATES = context("WorkflowTemplate", "workflowtemplates");

    private final KubernetesClient client;

    public ClusterSubmitter(KubernetesClient client) {
        this.client = client;
    }

    /** Creates the Workflow {@code name} in {@code namespace}; returns it as the API server stored it. */
    public GenericKubernetesResource submit(String namespace, String name, Map<String, String> parameters) {
        ArgoTemplate template = ArgoTemplate.of(template(namespace));
        List<String> problems = template.problems(parameters);
        if (!problems.isEmpty()) {
            throw new CliException(String.join("\n  ", problems));
        }
        GenericKubernetesResource workflow = workflow(namespace, name, parameters);
        try {
            return client.genericKubernetesResources(WORKFLOWS).inNamespace(namespace).resource(workflow).create();
        } catch (KubernetesClientException e) {
            throw apiError("create Workflow " + namespace + "/" + name, e);
        }
    }

    /** The Workflow object: a reference to the template and the arguments, nothing else. */
    static GenericKubernetesResource workflow(String namespace, String name, Map<String, String> parameters) {
        List<Map<String, String>> params = new ArrayList<>();
        parameters.forEach((k, v) -> params.add(Map.of("name", k, "value", v)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("workflowTemplateRef", Map.of("name", TEMPLATE));
        spec.put("arguments", Map.of("parameters", params));
        GenericKubernetesResource wf = new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION)
                .withKind("Workflow").withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "fewshot-bench")
                .addToLabels("workflows.argoproj.io/workflow-template", TEMPLATE).endMetadata().build();
        wf.setAdditionalProperty("spec", spec);
        return wf;
    }

    private GenericKubernetesResource template(String namespace) {
        GenericKubernetesResource template;
        try {
            template = client.genericKubernetesResources(TEMPLATES).inNamespace(namespace).withName(TEMPLATE).get();
        } catch (KubernetesClientException e) {
            throw apiError("read WorkflowTemplate " + namespace + "/" + TEMPLATE, e);
        }
        if (template == null) {
            throw new CliException("WorkflowTemplate " + TEMPLATE + " is not installed in namespace " + namespace
                    + " of " + client.getMasterUrl() + " (install it: kubectl -n " + namespace + " apply -f argo/)",
                    CliException.FAILED);
        }
        return template;
    }

    private CliException apiError(String what, KubernetesClientException e) {
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        String code = e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "";
        return new CliException("the Kubernetes API at " + client.getMasterUrl() + " refused to " + what + ": " + code
                + detail, CliException.FAILED, e);
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("argoproj.io").withVersion("v1alpha1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
