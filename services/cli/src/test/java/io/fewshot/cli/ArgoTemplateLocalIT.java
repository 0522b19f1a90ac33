package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.cli.argo.LocalArgo;
import io.fewshot.cli.argo.ServiceProcess;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.SweepCompleted;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * argo/fewshot-sweep.yaml, executed: {@link LocalArgo} runs each step's container command and
 * environment as a local process (the services' packaged jars stand in for the images) against the
 * local stack, with the registry and an evaluator Deployment (service mode) beside it, for a
 * two-cell smoke plan on CPU (Matching Networks and Prototypical Networks, Omniglot 5-way 1-shot).
 * The Prototypical Networks train step is killed (SIGKILL) once it has a step checkpoint: the
 * template's retry must resume it from there. Runs in `mvn verify` after every
 * module is packaged; Omniglot comes from ../shared/datasets.
 */
@ExtendWith(LocalStackExtension.class)
class ArgoTemplateLocalIT {
    private static final String SWEEP = "argo-local-it";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTemplatesStepsCompleteTheSweepTrainingAndEvaluatingEachRunOnceAndResumingAKilledStep(LocalStack stack,
            @TempDir Path dir) throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Path omniglot = root.resolve("../shared/datasets/omniglot");
        assertTrue(Files.isRegularFile(omniglot.resolve("images_background.zip")), "Omniglot is expected at " + omniglot);
        Map<String, String> config = new HashMap<>(StackEnv.of(stack));
        Map<String, String> services = new HashMap<>(config);
        services.put("REGISTRY_H2_URL", "jdbc:h2:file:" + dir.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
        services.put("REGISTRY_WRITE_TOKEN", "argo-local-it");
        services.put("EVALUATOR_WORK_DIR", dir.resolve("evaluator-service").toString());
        services.put("EVALUATOR_THREADS", "1");
        Path jars = root.resolve("services");
        try (ServiceProcess registry = ServiceProcess.start("registry",
                jars.resolve("registry/target/quarkus-app/quarkus-run.jar"), services, dir);
                // The evaluator Deployment, consuming fsl.training.completed.v1 as on the cluster.
                ServiceProcess evaluatorService = ServiceProcess.start("evaluator",
                        jars.resolve("evaluator/target/quarkus-app/quarkus-run.jar"), services, dir);
                MinioClient s3 = stack.newMinioClient()) {
            registry.awaitReady(Duration.ofMinutes(2));
            evaluatorService.awaitReady(Duration.ofMinutes(2));
            config.put(FsbConfig.REGISTRY_URL, registry.url().toString());
            Killer killer = new Killer(s3, stack.bucket());
            LocalArgo argo = new LocalArgo(root.resolve("argo/fewshot-sweep.yaml"), images(jars),
                    Map.of("fewshot-config", config, "fewshot-s3", config), dir.resolve("pods"), killer,
                    Duration.ofMinutes(5));

            String phase = argo.run(SWEEP, Map.of("profile", "smoke", "omniglot-source", omniglot.toString(),
                    "rows", "matching-nets,protonet", "configs", "5w1s", "device", "cpu", "train-cpus", "1"));

            String steps = argo.steps().stream().map(s -> s.node() + " " + s.phase() + " exits " + s.exitCodes()
                    + " logs " + s.logs()).collect(Collectors.joining("\n"));
            assertEquals("Succeeded", phase, steps);
            assertEquals(List.of(), argo.steps("report-failure"), "the exit handler reports no failure");

            // Two cells, each trained once and evaluated once, though an evaluator service heard every completion.
            List<LocalArgo.Step> trains = argo.steps("train");
            assertEquals(2, trains.size(), steps);
            Set<String> runIds = trains.stream().map(s -> s.outputs().get("run-id")).collect(Collectors.toSet());
            assertEquals(2, runIds.size(), steps);
            assertEquals(Map.of(runIds.toArray()[0], 1L, runIds.toArray()[1], 1L),
                    perRun(stack, Topics.TRAINING_COMPLETED, TrainingCompleted.class), "one completion per run");
            assertEquals(Map.of(runIds.toArray()[0], 1L, runIds.toArray()[1], 1L),
                    perRun(stack, Topics.EVALUATION_COMPLETED, EvaluationCompleted.class), "one evaluation per run");
            assertEquals(2, argo.steps("evaluate").size(), steps);
            for (String runId : runIds) {
                // It heard the completion and left the run to the step.
                awaitLog(evaluatorService, "run " + runId + ": evaluated by a workflow step of sweep " + SWEEP);
            }

            // The killed step: retried per the template (not exit 2), and resumed from its step checkpoint.
            LocalArgo.Step killed = trains.stream().filter(s -> isProtoNet(s.inputs())).findFirst().orElseThrow();
            LocalArgo.Step other = trains.stream().filter(s -> s != killed).findFirst().orElseThrow();
            assertEquals(List.of(137, 0), killed.exitCodes(), "SIGKILLed, then retried to success: " + steps);
            String retryLog = Files.readString(killed.logs().get(1).resolve("stdout"))
                    + Files.readString(killed.logs().get(1).resolve("stderr"));
            assertTrue(retryLog.contains("resuming from step " + killer.killedAfterStep),
                    "the retry resumes from step " + killer.killedAfterStep + ":\n" + retryLog);
            assertEquals(List.of(0), other.exitCodes());

            // The registry completed the sweep: its state, the event, the table (the report step's artefact).
            JsonNode sweep = JSON.readTree(get(registry.url().resolve("/sweeps/" + SWEEP))).path("sweep");
            assertTrue(sweep.hasNonNull("completedAt"), sweep.toString());
            assertEquals(2, sweep.path("evaluated").asInt(), sweep.toString());
            assertEquals(1, StackEnv.readAll(stack, Topics.SWEEP_COMPLETED).stream()
                    .filter(r -> EventCodec.decode(r.value(), SweepCompleted.class).data().sweepId().equals(SWEEP))
                    .count(), "one fsl.sweep.completed.v1");
            Path table = argo.steps("report").get(0).artifacts().get("table");
            String markdown = Files.readString(table);
            assertTrue(markdown.contains("Prototypical Nets"), markdown);
            s3.statObject(StatObjectArgs.builder().bucket(stack.bucket())
                    .object(ObjectKeys.sweepPlan(SWEEP)).build());
        }
    }

    /** The template's images, as this build's packaged services; in-image paths the template names. */
    private static LocalArgo.Images images(Path jars) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.function.Function<String, List<String>> quarkus = s -> List.of(java, "-Xmx1g",
                "-Dai.djl.offline=true", "-Dquarkus.http.port=0", "-jar",
                jars.resolve(s + "/target/quarkus-app/quarkus-run.jar").toString());
        Path fsb = jars.resolve("cli/target/fsb.jar");
        return new LocalArgo.Images(Map.of(
                "ghcr.io/fewshot-bench/ingest", quarkus.apply("ingest"),
                "ghcr.io/fewshot-bench/trainer", quarkus.apply("trainer"),
                "ghcr.io/fewshot-bench/evaluator", quarkus.apply("evaluator"),
                "ghcr.io/fewshot-bench/fsb", List.of(java, "-jar", fsb.toString())),
                Map.of("/deployments/fsb.jar", fsb));
    }

    private static boolean isProtoNet(Map<String, String> inputs) {
        return RunSpec.fromJson(inputs.get("run-spec")).method() == Method.PROTO_NETS;
    }

    /**
     * Kills the Prototypical Networks train step (SIGKILL, as a lost node would) once its first step
     * checkpoint is in S3.
     */
    private static final class Killer implements LocalArgo.Hook {
        private final MinioClient s3;
        private final String bucket;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        volatile int killedAfterStep = -1;

        Killer(MinioClient s3, String bucket) {
            this.s3 = s3;
            this.bucket = bucket;
        }

        @Override
        public void during(LocalArgo.Attempt a) throws Exception {
            if (!a.template().equals("train") || !isProtoNet(a.inputs()) || !done.compareAndSet(false, true)) {
                return;
            }
            Path runIdFile = a.tmpFsb().resolve("run-id");
            while (!Files.isRegularFile(runIdFile) || Files.readString(runIdFile).isBlank()) {
                if (!a.process().isAlive()) {
                    return;
                }
                Thread.sleep(100);
            }
            String runId = Files.readString(runIdFile).strip();
            // The first checkpoint of any step: a smoke cell stops at 10 steps or 15 s of training, so on a slow or
            // shared machine its first is the one taken when the wall ran out (before step 5 with one core for two
            // train steps, 2026-12-02) and a wait for step 5 let it finish unkilled. Listed back to back: a
            // checkpoint taken at the end leaves the step only its last upload and exit. Step checkpoints only: best/
            // and final/ sort before them and hold no step to resume from.
            String prefix = ObjectKeys.checkpointsPrefix(runId) + "step-";
            while (a.process().isAlive()) {
                var listed = s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true)
                        .build()).iterator();
                if (listed.hasNext()) {
                    String key = listed.next().get().objectName();
                    a.process().destroyForcibly();
                    killedAfterStep = ObjectKeys.checkpointStep(key).orElse(-1);
                    return;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** How many events of the sweep each run has on the topic. */
    private static <T extends io.fewshot.contracts.events.EventData> Map<String, Long> perRun(LocalStack stack,
            String topic, Class<T> type) {
        Map<String, Long> counts = new TreeMap<>();
        for (var r : StackEnv.readAll(stack, topic)) {
            var event = EventCodec.decode(r.value(), type);
            JsonNode data = JSON.valueToTree(event.data());
            if (data.path("sweepId").asText().equals(SWEEP)) {
                counts.merge(data.path("runId").asText(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static void awaitLog(ServiceProcess service, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!service.log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the service's log:\n" + service.log());
            }
            Thread.sleep(200);
        }
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), uri + ": " + r.body());
        return r.body();
    }
}
