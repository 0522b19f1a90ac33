package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Pod Security Standard "restricted" (as the API server's admission enforces it for a
 * namespace labelled {@code pod-security.kubernetes.io/enforce: restricted}), checked on pod specs
 * offline, plus this project's own rule on top of it: read-only root filesystems, and a size on
 * every emptyDir so that a runaway writer is evicted instead of filling the node's disk.
 *
 * <p>Pods come from workload objects (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob, Pod) and from the container and script templates of Argo workflows, whose pod
 * securityContext and volumes are the workflow's merged with the template's. Argo's own init and
 * wait containers take their securityContext from the controller's configuration, not from the
 * template, and are not seen here.
 */
public final class PodSecurity {

    /** A pod spec and where it comes from. */
    public record Pod(String source, String path, JsonNode spec) {
    }

    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret", "image");
    private static final Set<String> SECCOMP_OK = Set.of("RuntimeDefault", "Localhost");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    private PodSecurity() {
    }

    /** Every pod spec of rendered Kubernetes objects. */
    public static List<Pod> podsOf(List<JsonNode> objects, String origin) {
        List<Pod> pods = new ArrayList<>();
        for (JsonNode o : objects) {
            String source = origin + " " + YamlDocs.describe(o);
            switch (o.path("kind").asText()) {
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                        pods.add(new Pod(source, "$.spec.template.spec", o.path("spec").path("template").path("spec")));
                case "CronJob" -> pods.add(new Pod(source, "$.spec.jobTemplate.spec.template.spec",
                        o.path("spec").path("jobTemplate").path("spec").path("template").path("spec")));
                case "Pod" -> pods.add(new Pod(source, "$.spec", o.path("spec")));
                default -> {
                    // no pod
                }
            }
        }
        return pods;
    }

    /** The pod of every container or script template of an Argo Workflow, WorkflowTemplate or the like. */
    public static List<Pod> podsOfWorkflow(JsonNode workflow, String source) {
        boolean cron = "CronWorkflow".equals(workflow.path("kind").asText());
        JsonNode spec = cron ? workflow.path("spec").path("workflowSpec") : workflow.path("spec");
        String specPath = cron ? "$.spec.workflowSpec" : "$.spec";
        List<Pod> pods = new ArrayList<>();
        JsonNode templates = spec.path("templates");
        for (int i = 0; i < templates.size(); i++) {
            JsonNode t = templates.get(i);
            JsonNode main = t.has("container") ? t.get("container") : t.get("script");
            if (main == null) {
                continue;
            }
            ObjectNode pod = JsonNodeFactory.instance.objectNode();
            ObjectNode securityContext = spec.path("securityContext").isObject()
                    ? spec.get("securityContext").deepCopy() : JsonNodeFactory.instance.objectNode();
            if (t.path("securityContext").isObject()) {
                securityContext.setAll((ObjectNode) t.get("securityContext"));
            }
            pod.set("securityContext", securityContext);
            pod.putArray("volumes").addAll(copyArray(spec.path("volumes"))).addAll(copyArray(t.path("volumes")));
            pod.putArray("containers").add(main.deepCopy()).addAll(copyArray(t.path("sidecars")));
            pod.putArray("initContainers").addAll(copyArray(t.path("initContainers")));
            for (String hostField : List.of("hostNetwork")) {
                if (t.has(hostField)) {
                    pod.set(hostField, t.get(hostField));
                } else if (spec.has(hostField)) {
                    pod.set(hostField, spec.get(hostField));
                }
            }
            pods.add(new Pod(source + " template " + t.path("name").asText(), specPath + ".templates[" + i + "]", pod));
        }
        return pods;
    }

    private static List<JsonNode> copyArray(JsonNode array) {
        List<JsonNode> copies = new ArrayList<>();
        array.forEach(n -> copies.add(n.deepCopy()));
        return copies;
    }

    /** Violations of Pod Security "restricted" (which includes "baseline"). */
    public static List<Problem> restricted(Pod pod) {
        List<Problem> problems = new ArrayList<>();
        JsonNode spec = pod.spec();
        JsonNode podContext = spec.path("securityContext");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(host).asBoolean(false)) {
                problems.add(problem(pod, "." + host, host + " is not allowed"));
            }
        }
        JsonNode volumes = spec.path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            for (var field : volumes.get(i).properties()) {
                if (!field.getKey().equals("name") && !ALLOWED_VOLUMES.contains(field.getKey())) {
                    problems.add(problem(pod, ".volumes[" + i + "]", "volume type " + field.getKey() + " is not allowed"));
                }
            }
        }
        for (JsonNode sysctl : podContext.path("sysctls")) {
            if (!SAFE_SYSCTLS.contains(sysctl.path("name").asText())) {
                problems.add(problem(pod, ".securityContext.sysctls", "unsafe sysctl " + sysctl.path("name").asText()));
            }
        }
        if (podContext.path("runAsUser").asLong(-1) == 0) {
            problems.add(problem(pod, ".securityContext.runAsUser", "runAsUser 0 (root) is not allowed"));
        }
        checkProfiles(pod, podContext, ".securityContext", problems);
        boolean podNonRoot = podContext.path("runAsNonRoot").asBoolean(false);
        String podSeccomp = podContext.path("seccompProfile").path("type").asText("");
        for (String list : CONTAINER_LISTS) {
            JsonNode containers = spec.path(list);
            for (int i = 0; i < containers.size(); i++) {
                checkContainer(pod, containers.get(i), "." + list + "[" + i + "]", podNonRoot, podSeccomp, problems);
            }
        }
        return problems;
    }

    private static void checkContainer(Pod pod, JsonNode container, String at, boolean podNonRoot, String podSeccomp,
                                       List<Problem> problems) {
        String name = "container " + container.path("name").asText();
        JsonNode context = container.path("securityContext");
        if (context.path("privileged").asBoolean(false)) {
            problems.add(problem(pod, at + ".securityContext.privileged", name + " is privileged"));
        }
        if (!context.has("allowPrivilegeEscalation") || context.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(problem(pod, at + ".securityContext.allowPrivilegeEscalation", name + " must set allowPrivilegeEscalation: false"));
        }
        boolean dropsAll = false;
        for (JsonNode cap : context.path("capabilities").path("drop")) {
            dropsAll |= cap.asText().equals("ALL");
        }
        if (!dropsAll) {
            problems.add(problem(pod, at + ".securityContext.capabilities.drop", name + " must drop ALL capabilities"));
        }
        for (JsonNode cap : context.path("capabilities").path("add")) {
            if (!cap.asText().equals("NET_BIND_SERVICE")) {
                problems.add(problem(pod, at + ".securityContext.capabilities.add", name + " adds capability " + cap.asText()));
            }
        }
        boolean nonRoot = context.has("runAsNonRoot") ? context.path("runAsNonRoot").asBoolean() : podNonRoot;
        if (!nonRoot) {
            problems.add(problem(pod, at + ".securityContext.runAsNonRoot", name + " must run as non-root (runAsNonRoot: true on the pod or the container)"));
        }
        if (context.path("runAsUser").asLong(-1) == 0) {
            problems.add(problem(pod, at + ".securityContext.runAsUser", name + " runs as user 0 (root)"));
        }
        String seccomp = context.path("seccompProfile").path("type").asText(podSeccomp);
        if (!SECCOMP_OK.contains(seccomp)) {
            problems.add(problem(pod, at + ".securityContext.seccompProfile", name + " needs seccompProfile RuntimeDefault or Localhost (on the pod or the container)"));
        }
        checkProfiles(pod, context, at + ".securityContext", problems);
        if (!context.path("procMount").asText("Default").equals("Default")) {
            problems.add(problem(pod, at + ".securityContext.procMount", name + " procMount must be Default"));
        }
        for (JsonNode port : container.path("ports")) {
            if (port.path("hostPort").asInt(0) != 0) {
                problems.add(problem(pod, at + ".ports", name + " uses hostPort " + port.path("hostPort").asInt()));
            }
        }
    }

    /** SELinux types and AppArmor profiles that would lift the confinement. */
    private static void checkProfiles(Pod pod, JsonNode context, String at, List<Problem> problems) {
        if (!SELINUX_TYPES.contains(context.path("seLinuxOptions").path("type").asText(""))
                || context.path("seLinuxOptions").has("user") || context.path("seLinuxOptions").has("role")) {
            problems.add(problem(pod, at + ".seLinuxOptions", "custom SELinux user, role or type"));
        }
        if (context.path("appArmorProfile").path("type").asText("").equals("Unconfined")) {
            problems.add(problem(pod, at + ".appArmorProfile", "AppArmor Unconfined is not allowed"));
        }
        if (context.path("seccompProfile").path("type").asText("").equals("Unconfined")) {
            problems.add(problem(pod, at + ".seccompProfile", "seccomp Unconfined is not allowed"));
        }
    }

    /** This project's rule: read-only root filesystems, and every emptyDir sized. */
    public static List<Problem> readOnlyRootWithSizedScratch(Pod pod) {
        List<Problem> problems = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            JsonNode containers = pod.spec().path(list);
            for (int i = 0; i < containers.size(); i++) {
                if (!containers.get(i).path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(problem(pod, "." + list + "[" + i + "].securityContext.readOnlyRootFilesystem",
                            "container " + containers.get(i).path("name").asText() + " must have a read-only root filesystem"));
                }
            }
        }
        JsonNode volumes = pod.spec().path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i).has("emptyDir") && !volumes.get(i).path("emptyDir").has("sizeLimit")) {
                problems.add(problem(pod, ".volumes[" + i + "].emptyDir", "emptyDir " + volumes.get(i).path("name").asText() + " has no sizeLimit"));
            }
        }
        return problems;
    }

    private static Problem problem(Pod pod, String relative, String message) {
        return new Problem(pod.source(), pod.path() + relative, message);
    }
}
