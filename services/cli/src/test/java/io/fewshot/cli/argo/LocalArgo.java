package io.fewshot.cli.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an Argo WorkflowTemplate's steps as local processes, in dependency order: a check that the
 * template's commands chain (parameters, {@code withParam}, {@code depends}, {@code when}, retries,
 * output parameters and artefacts), not a replacement for Argo. A DAG's tasks run one at a time, a
 * {@code withParam} fan-out's items at once (up to the template's {@code parallelism}); retries do not
 * wait out their backoff; pod placement and isolation (podSpecPatch, affinity, resources, securityContext,
 * volumes and their mounts) is checked for form only: a local process has no pod to place or confine. A field it does not know fails the
 * run ({@link UnsupportedTemplate}).
 */
public final class LocalArgo {
    /** Spec fields that only a cluster acts on (pod garbage collection, log archive, ...). */
    private static final Set<String> SPEC_FIELDS = Set.of("entrypoint", "onExit", "arguments", "templates",
            "serviceAccountName", "artifactRepositoryRef", "archiveLogs", "podGC", "ttlStrategy", "podSpecPatch",
            "securityContext", "volumes");
    private static final Set<String> TEMPLATE_FIELDS = Set.of("name", "inputs", "outputs", "metadata", "container",
            "dag", "steps", "retryStrategy", "podSpecPatch", "parallelism");
    private static final Set<String> CONTAINER_FIELDS = Set.of("image", "command", "args", "env", "envFrom",
            "resources", "securityContext", "volumeMounts");
    private static final Set<String> TASK_FIELDS = Set.of("name", "template", "arguments", "depends", "when",
            "withParam");
    private static final Set<String> RETRY_FIELDS = Set.of("limit", "retryPolicy", "expression", "backoff",
            "affinity");
    private static final Pattern RETRY_EXPRESSION = Pattern.compile("^lastRetry\\.exitCode\\s*(==|!=)\\s*'(-?\\d+)'$");
    private static final Pattern IMAGE = Pattern.compile("^([^:]+):(.+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the images run here: each image's entrypoint, and the in-image paths the template names. */
    public record Images(Map<String, List<String>> entrypoints, Map<String, Path> files) {
    }

    /** One try of a container step, running: what a hook may watch or kill. */
    public record Attempt(String template, String node, Map<String, String> inputs, int number, Process process,
            Path podDir) {
        /** Where the pod's {@code /tmp/fsb} lies here. */
        public Path tmpFsb() {
            return podDir.resolve("tmp-fsb");
        }
    }

    /** Watches each attempt while it runs (on its own thread), e.g. to kill it as a lost node would. */
    public interface Hook {
        void during(Attempt attempt) throws Exception;
    }

    /** A container step as it ended: its tries' exit codes, logs and outputs. */
    public record Step(String node, String template, Map<String, String> inputs, List<Integer> exitCodes,
            List<Path> logs, String result, Map<String, String> outputs, Map<String, Path> artifacts, String phase) {
    }

    private record Outcome(String phase, String result, Map<String, String> outputs) {
    }

    private final JsonNode spec;
    private final Map<String, JsonNode> templates = new LinkedHashMap<>();
    private final Images images;
    private final Map<String, Map<String, String>> envFrom;
    private final Path workDir;
    private final Hook hook;
    private final Duration stepTimeout;
    private final List<Step> steps = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * @param envFrom what each configMapRef/secretRef the template names holds here
     * @param workDir each pod's folder goes below it
     */
    public LocalArgo(Path templateFile, Images images, Map<String, Map<String, String>> envFrom, Path workDir, Hook hook,
            Duration stepTimeout) throws IOException {
        JsonNode doc = new YAMLMapper().readTree(templateFile.toFile());
        if (!"WorkflowTemplate".equals(doc.path("kind").asText())) {
            throw new UnsupportedTemplate(templateFile + " is not a WorkflowTemplate");
        }
        this.spec = doc.path("spec");
        known(spec, SPEC_FIELDS, "spec");
        for (JsonNode t : spec.path("templates")) {
            known(t, TEMPLATE_FIELDS, "template " + t.path("name").asText());
            templates.put(t.path("name").asText(), t);
        }
        this.images = images;
        this.envFrom = envFrom;
        this.workDir = workDir;
        this.hook = hook;
        this.stepTimeout = stepTimeout;
    }

    /** Runs the workflow {@code name} with these arguments, then its exit handler; returns its phase. */
    public String run(String name, Map<String, String> arguments) throws Exception {
        Map<String, String> scope = new HashMap<>();
        scope.put("workflow.name", name);
        Map<String, String> unknown = new HashMap<>(arguments);
        for (JsonNode p : spec.path("arguments").path("parameters")) {
            String key = p.path("name").asText();
            String value = unknown.containsKey(key) ? unknown.remove(key) : p.has("value") ? p.get("value").asText() : null;
            if (value == null) {
                throw new IllegalArgumentException("workflow parameter " + key + " has no default and was not given");
            }
            if (p.has("enum") && !JSON.convertValue(p.get("enum"), List.class).contains(value)) {
                throw new IllegalArgumentException("workflow parameter " + key + "=" + value + " is not one of " + p.get("enum"));
            }
            scope.put("workflow.parameters." + key, value);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the template has no parameters " + unknown.keySet());
        }
        checkPodSpecPatch(spec.path("podSpecPatch").asText(""), "spec.podSpecPatch");
        String phase = template(spec.path("entrypoint").asText(), scope, Map.of(), name).phase();
        if (spec.has("onExit")) {
            Map<String, String> exit = new HashMap<>(scope);
            exit.put("workflow.status", phase);
            exit.put("workflow.failures", JSON.writeValueAsString(steps.stream().filter(s -> s.phase().equals("Failed"))
                    .map(s -> Map.of("displayName", s.node(), "templateName", s.template(), "phase", s.phase()))
                    .toList()));
            template(spec.path("onExit").asText(), exit, Map.of(), name + ".onExit");
        }
        return phase;
    }

    /** Every container step that ran, in the order it ran. */
    public List<Step> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    /** The steps of one template. */
    public List<Step> steps(String template) {
        return steps().stream().filter(s -> s.template().equals(template)).toList();
    }

    private Outcome template(String name, Map<String, String> workflowScope, Map<String, String> arguments, String node)
            throws Exception {
        JsonNode t = templates.get(name);
        if (t == null) {
            throw new UnsupportedTemplate("no template named '" + name + "'");
        }
        Map<String, String> scope = new HashMap<>(workflowScope);
        Map<String, String> inputs = new LinkedHashMap<>();
        for (JsonNode p : t.path("inputs").path("parameters")) {
            String key = p.path("name").asText();
            String v = arguments.containsKey(key) ? arguments.get(key) : p.has("value") ? p.get("value").asText() : null;
            if (v == null) {
                throw new UnsupportedTemplate(node + ": input " + key + " of template " + name + " is not given");
            }
            inputs.put(key, v);
            scope.put("inputs.parameters." + key, v);
        }
        if (t.has("dag")) {
            return dag(t.path("dag"), scope, t.path("parallelism").asInt(Integer.MAX_VALUE), node);
        }
        if (t.has("steps")) {
            return steps(t.path("steps"), scope, node);
        }
        if (t.has("container")) {
            return container(t, scope, inputs, node);
        }
        throw new UnsupportedTemplate("template " + name + " is none of dag, steps, container");
    }

    private Outcome dag(JsonNode dag, Map<String, String> scope, int parallelism, String node) throws Exception {
        known(dag, Set.of("tasks"), node + ".dag");
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        for (JsonNode task : dag.path("tasks")) {
            known(task, TASK_FIELDS, node + " task " + task.path("name").asText());
            tasks.put(task.path("name").asText(), task);
        }
        Map<String, String> phases = new LinkedHashMap<>();
        Map<String, String> dagScope = new HashMap<>(scope);
        while (phases.size() < tasks.size()) {
            JsonNode next = tasks.values().stream().filter(t -> !phases.containsKey(t.path("name").asText()))
                    .filter(t -> phases.keySet().containsAll(Depends.tasks(t.path("depends").asText("")).stream()
                            .peek(d -> {
                                if (!tasks.containsKey(d)) {
                                    throw new UnsupportedTemplate(node + ": depends names unknown task " + d);
                                }
                            }).toList()))
                    .findFirst().orElseThrow(() -> new UnsupportedTemplate(node + ": the DAG's depends form a cycle"));
            String name = next.path("name").asText();
            String depends = next.path("depends").asText("");
            if (!depends.isEmpty() && !Depends.holds(depends, phases)) {
                phases.put(name, "Omitted");
                continue;
            }
            Outcome o = task(next, dagScope, parallelism, node + "." + name);
            phases.put(name, o.phase());
            if (o.result() != null) {
                dagScope.put("tasks." + name + ".outputs.result", o.result());
            }
            o.outputs().forEach((k, v) -> dagScope.put("tasks." + name + ".outputs.parameters." + k, v));
        }
        return new Outcome(phases.containsValue("Failed") ? "Failed" : "Succeeded", null, Map.of());
    }

    private Outcome steps(JsonNode groups, Map<String, String> scope, String node) throws Exception {
        boolean failed = false;
        for (JsonNode group : groups) {
            for (JsonNode step : group) {
                known(step, Set.of("name", "template", "arguments", "when"), node + " step " + step.path("name").asText());
                failed |= task(step, scope, 1, node + "." + step.path("name").asText()).phase().equals("Failed");
            }
        }
        return new Outcome(failed ? "Failed" : "Succeeded", null, Map.of());
    }

    /** One DAG task or step: its when, its withParam fan-out (at most {@code parallelism} at once), its arguments. */
    private Outcome task(JsonNode task, Map<String, String> scope, int parallelism, String node) throws Exception {
        if (task.has("when") && !Substitution.condition(Substitution.apply(task.get("when").asText(), scope))) {
            return new Outcome("Skipped", null, Map.of());
        }
        if (!task.has("withParam")) {
            return template(task.path("template").asText(), scope, arguments(task, scope), node);
        }
        JsonNode items = JSON.readTree(Substitution.apply(task.get("withParam").asText(), scope));
        if (!items.isArray()) {
            throw new UnsupportedTemplate(node + ": withParam is not a JSON array");
        }
        List<java.util.concurrent.Callable<Outcome>> branches = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Map<String, String> itemScope = new HashMap<>(scope);
            itemScope.put("item", item.isTextual() ? item.asText() : JSON.writeValueAsString(item));
            String branch = node + "(" + i + ")";
            branches.add(() -> template(task.path("template").asText(), itemScope, arguments(task, itemScope), branch));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(parallelism, branches.size())));
        boolean failed = false;
        try {
            for (java.util.concurrent.Future<Outcome> f : pool.invokeAll(branches)) {
                try {
                    failed |= f.get().phase().equals("Failed");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(failed ? "Failed" : "Succeeded", null, Map.of());
    }

    private static Map<String, String> arguments(JsonNode task, Map<String, String> scope) {
        Map<String, String> args = new LinkedHashMap<>();
        known(task.path("arguments"), Set.of("parameters"), task.path("name").asText() + ".arguments");
        for (JsonNode p : task.path("arguments").path("parameters")) {
            args.put(p.path("name").asText(), Substitution.apply(p.path("value").asText(), scope));
        }
        return args;
    }

    private Outcome container(JsonNode raw, Map<String, String> scope, Map<String, String> inputs, String node)
            throws Exception {
        String name = raw.path("name").asText();
        JsonNode t = substituted(raw.deepCopy(), scope);
        JsonNode c = t.path("container");
        known(c, CONTAINER_FIELDS, name + ".container");
        checkPodSpecPatch(t.path("podSpecPatch").asText(""), name + ".podSpecPatch");
        Path pod = Files.createDirectories(workDir.resolve(node.replaceAll("[^\\w.()-]", "_")));
        List<String> command = command(c, pod);
        Map<String, String> env = environment(c, name);
        JsonNode retry = t.path("retryStrategy");
        known(retry, RETRY_FIELDS, name + ".retryStrategy");
        int tries = retry.isMissingNode() ? 1 : 1 + Integer.parseInt(retry.path("limit").asText("0"));
        if (!retry.isMissingNode() && !retry.path("retryPolicy").asText("Always").equals("Always")) {
            throw new UnsupportedTemplate(name + ": retryPolicy " + retry.path("retryPolicy").asText() + " (Always only)");
        }
        List<Integer> codes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        String stdout = "";
        for (int n = 1; n <= tries; n++) {
            Path attemptDir = Files.createDirectories(pod.resolve("attempt-" + n));
            Files.createDirectories(pod.resolve("tmp-fsb"));
            ProcessBuilder pb = new ProcessBuilder(command).directory(attemptDir.toFile())
                    .redirectOutput(attemptDir.resolve("stdout").toFile())
                    .redirectError(attemptDir.resolve("stderr").toFile());
            pb.environment().putAll(env);
            // The images' java: the JDK running this test.
            pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                    + System.getenv("PATH"));
            pb.environment().put("TRAINER_WORK_DIR", attemptDir.resolve("trainer").toString());
            pb.environment().put("EVALUATOR_WORK_DIR", attemptDir.resolve("evaluator").toString());
            long started = System.nanoTime();
            int code = attempt(new Attempt(name, node, inputs, n, pb.start(), pod));
            System.out.printf("local argo: %s attempt %d exited %d after %.1f s%n", node, n, code,
                    (System.nanoTime() - started) / 1e9);
            codes.add(code);
            logs.add(attemptDir);
            stdout = Files.readString(attemptDir.resolve("stdout"), StandardCharsets.UTF_8);
            if (code == 0 || !retries(retry, code)) {
                break;
            }
        }
        boolean ok = codes.get(codes.size() - 1) == 0;
        Map<String, String> outputs = new LinkedHashMap<>();
        Map<String, Path> artifacts = new LinkedHashMap<>();
        if (ok) {
            for (JsonNode p : t.path("outputs").path("parameters")) {
                Path file = podPath(p.path("valueFrom").path("path").asText(), pod);
                outputs.put(p.path("name").asText(), Files.readString(file).strip());
            }
            for (JsonNode a : t.path("outputs").path("artifacts")) {
                Path file = podPath(a.path("path").asText(), pod);
                if (!Files.isRegularFile(file)) {
                    throw new AssertionError(node + ": output artefact " + a.path("path").asText() + " was not written");
                }
                artifacts.put(a.path("name").asText(), file);
            }
        }
        String phase = ok ? "Succeeded" : "Failed";
        steps.add(new Step(node, name, inputs, List.copyOf(codes), List.copyOf(logs), stdout.strip(), outputs, artifacts,
                phase));
        return new Outcome(phase, stdout.strip(), outputs);
    }

    private int attempt(Attempt a) throws Exception {
        Thread watcher = new Thread(() -> {
            try {
                hook.during(a);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "hook-" + a.node());
        watcher.setDaemon(true);
        watcher.start();
        try {
            if (!a.process().waitFor(stepTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                a.process().destroyForcibly().waitFor();
                throw new AssertionError(a.node() + " attempt " + a.number() + " ran past " + stepTimeout);
            }
            return a.process().exitValue();
        } finally {
            watcher.interrupt();
            watcher.join(10_000);
        }
    }

    /** Whether the retry strategy's expression lets this exit code be retried. */
    private static boolean retries(JsonNode retry, int code) {
        if (retry.isMissingNode()) {
            return false;
        }
        if (!retry.has("expression")) {
            return true;
        }
        Matcher m = RETRY_EXPRESSION.matcher(retry.get("expression").asText().trim());
        if (!m.matches()) {
            throw new UnsupportedTemplate("retry expression '" + retry.get("expression").asText() + "'");
        }
        boolean equal = m.group(2).equals(String.valueOf(code));
        return m.group(1).equals("==") == equal;
    }

    private List<String> command(JsonNode c, Path pod) {
        Matcher image = IMAGE.matcher(c.path("image").asText());
        if (!image.matches()) {
            throw new UnsupportedTemplate("image '" + c.path("image").asText() + "' has no tag");
        }
        List<String> entrypoint = images.entrypoints().get(image.group(1));
        if (entrypoint == null) {
            throw new UnsupportedTemplate("no local stand-in for image " + image.group(1) + " (known: "
                    + images.entrypoints().keySet() + ")");
        }
        List<String> cmd = new ArrayList<>();
        if (c.has("command")) {
            c.get("command").forEach(x -> cmd.add(inPod(x.asText(), pod)));
        } else {
            cmd.addAll(entrypoint);
        }
        c.path("args").forEach(x -> cmd.add(inPod(x.asText(), pod)));
        return cmd;
    }

    private Map<String, String> environment(JsonNode c, String template) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode ref : c.path("envFrom")) {
            String kind = ref.has("configMapRef") ? "configMapRef" : ref.has("secretRef") ? "secretRef" : null;
            if (kind == null) {
                throw new UnsupportedTemplate(template + ": envFrom " + ref);
            }
            Map<String, String> values = envFrom.get(ref.get(kind).path("name").asText());
            if (values == null) {
                throw new UnsupportedTemplate(template + ": no local values for " + kind + " " + ref.get(kind));
            }
            env.putAll(values);
        }
        for (JsonNode e : c.path("env")) {
            if (!e.has("value")) {
                throw new UnsupportedTemplate(template + ": env " + e.path("name").asText() + " without a value");
            }
            env.put(e.path("name").asText(), e.get("value").asText());
        }
        return env;
    }

    /** In-image paths as they lie here: the images' files, and the pod's own /tmp/fsb. */
    private String inPod(String text, Path pod) {
        String s = text;
        for (Map.Entry<String, Path> f : images.files().entrySet()) {
            s = s.replace(f.getKey(), f.getValue().toString());
        }
        return s.replace("/tmp/fsb", pod.resolve("tmp-fsb").toString());
    }

    private static Path podPath(String path, Path pod) {
        if (!path.startsWith("/tmp/fsb/")) {
            throw new UnsupportedTemplate("output path " + path + " is outside /tmp/fsb");
        }
        return pod.resolve("tmp-fsb").resolve(path.substring("/tmp/fsb/".length()));
    }

    /** Every string in the template with its tags replaced (a nested DAG's tags are the DAG's business). */
    private static JsonNode substituted(JsonNode node, Map<String, String> scope) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
            List<String> names = new ArrayList<>();
            fields.forEachRemaining(f -> names.add(f.getKey()));
            for (String n : names) {
                o.set(n, substituted(o.get(n), scope));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, substituted(node.get(i), scope));
            }
        } else if (node.isTextual()) {
            return TextNode.valueOf(Substitution.apply(node.asText(), scope));
        }
        return node;
    }

    private static void checkPodSpecPatch(String patch, String where) {
        if (patch.isBlank()) {
            return;
        }
        try {
            if (!JSON.readTree(patch).isObject()) {
                throw new AssertionError(where + " is not a JSON object: " + patch);
            }
        } catch (IOException e) {
            throw new AssertionError(where + " is not JSON: " + patch, e);
        }
    }

    private static void known(JsonNode node, Set<String> fields, String where) {
        if (node.isMissingNode()) {
            return;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw new UnsupportedTemplate(where + ": field '" + f + "' is not resolved here");
            }
        });
    }
}
