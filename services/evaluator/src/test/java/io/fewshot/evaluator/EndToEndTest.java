package io.fewshot.evaluator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ml.Provenance;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.localstack.LocalStack;
import io.fewshot.support.EventLog;
import io.fewshot.support.LocalStackResource;
import io.fewshot.support.RunStore;
import io.fewshot.support.TinySpecs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The chain on the real local stack: the trainer as its own process (its fast-jar), the evaluator
 * in-process, events through Kafka, checkpoints and results through S3.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = "prefix", value = "evaluator"))
class EndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int KILLED_RUN_STEPS = 1000;
    private static final int UNREACHABLE_STEPS = 10_000_000;

    private static LocalStack stack() {
        return LocalStackResource.stack();
    }

    private static String kafka() {
        return stack().bootstrapServers();
    }

    private static void request(RunSpec spec) throws Exception {
        EventLog.publish(kafka(), CloudEvent.of(Sources.PLANNER, TrainingRequested.of("e2e", spec, false)));
    }

    @Test
    void publishedRunSpecIsTrainedCheckpointedEvaluatedReplaysChangeNothingAndANewSweepHearsTheResult() throws Exception {
        RunSpec spec = TinySpecs.protoNet(30, 10, 11);
        try (TrainerProcess trainer = TrainerProcess.start(stack(), Files.createTempDirectory("e2e-trainer"), "chain")) {
            request(spec);
            CloudEvent<TrainingCompleted> trained = EventLog.await(kafka(), Topics.TRAINING_COMPLETED,
                    TrainingCompleted.class, spec.runId(), e -> true, WAIT);
            CloudEvent<EvaluationCompleted> evaluated = EventLog.await(kafka(), Topics.EVALUATION_COMPLETED,
                    EvaluationCompleted.class, spec.runId(), e -> true, WAIT);

            assertFalse(EventLog.events(kafka(), Topics.TRAINING_PROGRESS, TrainingProgress.class, spec.runId())
                    .isEmpty(), "no progress events");
            assertEquals(20, evaluated.data().episodes(), "the spec's testEpisodes");
            byte[] evalJson;
            try (S3Store s3 = LocalStackResource.newS3Store()) {
                assertEquals(List.of(20, 30), List.copyOf(new RunStore(s3).steps(spec.runId())));
                assertTrue(s3.exists(trained.data().checkpointKey() + RunStore.CHECKPOINT_OBJECT));
                evalJson = s3.getBytesOrNull(ObjectKeys.evaluation(spec.runId()));
            }
            JsonNode eval = new ObjectMapper().readTree(evalJson);
            assertEquals(evaluated.data().accuracy(), eval.at("/result/accuracy").asDouble(), 1e-12);
            assertEquals(20, eval.at("/result/episodes").asInt());
            assertTrue(eval.at("/result/calibration/ece").isNumber(), "calibration in eval.json");
            given().get("/runs/" + spec.runId()).then().statusCode(200).body("state", equalTo("evaluated"))
                    .body("episodes", equalTo(20)).body("evalKey", equalTo(ObjectKeys.evaluation(spec.runId())));
            assertEquals(spec, Provenance.fromJson(eval.get("provenance").toString()).spec(),
                    "eval.json's provenance holds the whole spec");

            // Replays: the same request and the same completion again.
            request(spec);
            EventLog.publish(kafka(), trained);
            awaitConsumed("fewshot-trainer", Topics.TRAINING_REQUESTED);
            awaitConsumed("fewshot-evaluator", Topics.TRAINING_COMPLETED);

            assertEquals(List.of(trained.id(), trained.id()), ids(EventLog.events(kafka(), Topics.TRAINING_COMPLETED,
                    TrainingCompleted.class, spec.runId())), "the original and the replay, no new completion");
            assertEquals(List.of(evaluated.id()), ids(EventLog.events(kafka(), Topics.EVALUATION_COMPLETED,
                    EvaluationCompleted.class, spec.runId())));
            try (S3Store s3 = LocalStackResource.newS3Store()) {
                assertArrayEquals(evalJson, s3.getBytesOrNull(ObjectKeys.evaluation(spec.runId())));
            }

            // Another sweep asks for the same (content-addressed) run: it hears the earlier results under
            // its own id, and nothing is trained or evaluated again.
            EventLog.publish(kafka(), CloudEvent.of(Sources.PLANNER, TrainingRequested.of("e2e-again", spec, false)));
            TrainingCompleted again = EventLog.await(kafka(), Topics.TRAINING_COMPLETED, TrainingCompleted.class,
                    spec.runId(), e -> e.data().sweepId().equals("e2e-again"), WAIT).data();
            EvaluationCompleted reannounced = EventLog.await(kafka(), Topics.EVALUATION_COMPLETED,
                    EvaluationCompleted.class, spec.runId(), e -> e.data().sweepId().equals("e2e-again"), WAIT).data();
            assertEquals(trained.data().forSweep("e2e-again"), again);
            assertEquals(evaluated.data().forSweep("e2e-again"), reannounced);
            try (S3Store s3 = LocalStackResource.newS3Store()) {
                assertEquals(List.of(20, 30), List.copyOf(new RunStore(s3).steps(spec.runId())));
                assertArrayEquals(evalJson, s3.getBytesOrNull(ObjectKeys.evaluation(spec.runId())));
            }
        }
    }

    @Test
    void killedTrainerResumesFromItsLastCheckpointAndTheRunCompletesOnce() throws Exception {
        // 1,000 steps take ~10 s on an idle machine: the kill, sent as soon as the step-40 checkpoint is seen,
        // lands ~900 steps before the end however fast the machine is.
        RunSpec spec = TinySpecs.protoNet(KILLED_RUN_STEPS, 20, 12);
        Path work = Files.createTempDirectory("e2e-killed");
        int checkpointed;
        try (TrainerProcess first = TrainerProcess.start(stack(), work.resolve("first"), "first");
                S3Store s3 = LocalStackResource.newS3Store()) {
            request(spec);
            RunStore runs = new RunStore(s3);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (runs.steps(spec.runId()).isEmpty() || runs.steps(spec.runId()).last() < 40) {
                assertTrue(System.nanoTime() < deadline, "no checkpoint at step 40 in time:\n" + first.log());
                Thread.sleep(100);
            }
            first.kill();
            checkpointed = runs.steps(spec.runId()).last();
            assertTrue(checkpointed < KILLED_RUN_STEPS, "the run finished before the kill");
            assertTrue(runs.trainingCompleted(spec.runId()).isEmpty());
        }
        int progressBefore = EventLog.events(kafka(), Topics.TRAINING_PROGRESS, TrainingProgress.class,
                spec.runId()).size();

        try (TrainerProcess second = TrainerProcess.start(stack(), work.resolve("second"), "second")) {
            second.awaitLog("resuming from step " + checkpointed, WAIT);
            EventLog.await(kafka(), Topics.TRAINING_COMPLETED, TrainingCompleted.class, spec.runId(), e -> true, WAIT);
            EventLog.await(kafka(), Topics.EVALUATION_COMPLETED, EvaluationCompleted.class, spec.runId(), e -> true,
                    WAIT);
            awaitConsumed("fewshot-trainer", Topics.TRAINING_REQUESTED);
            awaitConsumed("fewshot-evaluator", Topics.TRAINING_COMPLETED);
        }
        List<CloudEvent<TrainingProgress>> progress = EventLog.events(kafka(), Topics.TRAINING_PROGRESS,
                TrainingProgress.class, spec.runId());
        List<Integer> after = progress.subList(progressBefore, progress.size()).stream().map(e -> e.data().step())
                .toList();
        assertFalse(after.isEmpty(), "the second trainer reported no progress");
        assertTrue(after.get(0) > checkpointed, "restarted below the checkpoint " + checkpointed + ": " + after);
        assertEquals(KILLED_RUN_STEPS, after.get(after.size() - 1));
        List<CloudEvent<TrainingCompleted>> completions = EventLog.events(kafka(), Topics.TRAINING_COMPLETED,
                TrainingCompleted.class, spec.runId());
        assertEquals(1, completions.size());
        assertEquals(KILLED_RUN_STEPS, completions.get(0).data().steps());
        assertEquals(1, EventLog.events(kafka(), Topics.EVALUATION_COMPLETED, EvaluationCompleted.class,
                spec.runId()).size());
    }

    @Test
    void trainerCheckpointsOnATimerAndWhenItIsStopped() throws Exception {
        // A step budget no machine reaches while the test runs, and no step-count checkpoint: every checkpoint
        // seen is the timer's or the shutdown's, and the run is still going when it is stopped. Command mode (an
        // Argo step, the pod pre-empted) leaves no request on the topic for the other tests' trainers to pick up.
        RunSpec spec = TinySpecs.protoNet(UNREACHABLE_STEPS, UNREACHABLE_STEPS, 14);
        try (TrainerProcess t = TrainerProcess.start(stack(), Files.createTempDirectory("e2e-stopped"), "stopped",
                Map.of("trainer.checkpoint-interval", "2s"), "train", "--run-spec", spec.toJson());
                S3Store s3 = LocalStackResource.newS3Store()) {
            RunStore runs = new RunStore(s3);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (runs.steps(spec.runId()).isEmpty() || runs.steps(spec.runId()).last() == 0) {
                assertTrue(System.nanoTime() < deadline, "no timed checkpoint:\n" + t.log());
                Thread.sleep(100);
            }
            int timed = runs.steps(spec.runId()).last();
            // Stop only once training has moved past the timed checkpoint, so the shutdown one is new.
            EventLog.await(kafka(), Topics.TRAINING_PROGRESS, TrainingProgress.class, spec.runId(),
                    e -> e.data().step() > timed, WAIT);
            // SIGTERM ends the JVM with 143: neither success (0) nor "failed for good" (2), so a retry resumes it.
            int exit = t.terminate();
            assertTrue(exit != 0 && exit != 2, "exit " + exit + "\n" + t.log());
            Matcher m = Pattern.compile("stopped at step (\\d+) for shutdown").matcher(t.log());
            assertTrue(m.find(), t.log());
            int stoppedAt = Integer.parseInt(m.group(1));
            assertTrue(stoppedAt > timed && stoppedAt < UNREACHABLE_STEPS, "timed " + timed + ", stopped at "
                    + stoppedAt);
            assertEquals(stoppedAt, runs.steps(spec.runId()).last(), "the shutdown checkpoint is in the bucket");
            assertTrue(runs.trainingCompleted(spec.runId()).isEmpty());
        }
    }

    @Test
    void commandModeTrainsOnceAndWritesTheRunId() throws Exception {
        RunSpec spec = TinySpecs.protoNet(10, 5, 13);
        Path work = Files.createTempDirectory("e2e-command");
        Path runIdFile = work.resolve("out/run-id");
        try (TrainerProcess t = TrainerProcess.start(stack(), work.resolve("t"), "command", "train", "--run-spec",
                spec.toJson(), "--run-id-file", runIdFile.toString())) {
            assertEquals(0, t.waitFor(WAIT), t.log());
            assertTrue(t.log().contains("run " + spec.runId() + ": completed"), t.log());
            // Its own arguments put the process in command mode: no consumer takes requests meant for services.
            assertTrue(t.log().contains("command mode: not consuming " + Topics.TRAINING_REQUESTED)
                    && !t.log().contains("service mode: consuming"), t.log());
        }
        assertEquals(spec.runId(), Files.readString(runIdFile));
        try (TrainerProcess again = TrainerProcess.start(stack(), work.resolve("t"), "again", "train", "--run-spec",
                spec.toJson())) {
            assertEquals(0, again.waitFor(WAIT), again.log());
            assertTrue(again.log().contains("already_completed"), again.log());
        }
        try (TrainerProcess bad = TrainerProcess.start(stack(), work.resolve("t"), "bad", "train", "--run-spec",
                spec.toJson().replace("\"way\":5", "\"way\":1"))) {
            assertEquals(2, bad.waitFor(WAIT), bad.log());
            assertTrue(bad.log().contains("way"), bad.log());
        }
        assertEquals(1, EventLog.events(kafka(), Topics.TRAINING_COMPLETED, TrainingCompleted.class, spec.runId())
                .size());
    }

    @Test
    void aRunThatItsWorkflowsEvaluateStepOwnsIsLeftToThatStepButServedToAnotherSweep() throws Exception {
        RunSpec spec = TinySpecs.protoNet(10, 5, 14);
        Path work = Files.createTempDirectory("e2e-step");
        // The Argo train step: command mode, claiming the run's evaluation for its workflow's evaluate step.
        try (TrainerProcess t = TrainerProcess.start(stack(), work, "step", "train", "--run-spec", spec.toJson(),
                "--sweep-id", "wf-1", "--evaluated-by-step")) {
            assertEquals(0, t.waitFor(WAIT), t.log());
        }
        awaitConsumed("fewshot-evaluator", Topics.TRAINING_COMPLETED);
        try (S3Store s3 = LocalStackResource.newS3Store()) {
            assertTrue(new RunStore(s3).evaluationCompleted(spec.runId()).isEmpty(), "the service left it alone");
        }
        assertEquals(List.of(), EventLog.events(kafka(), Topics.EVALUATION_COMPLETED, EvaluationCompleted.class,
                spec.runId()));

        // Another sweep's completion of the same run is the service's to evaluate.
        TrainingCompleted completed = EventLog.events(kafka(), Topics.TRAINING_COMPLETED, TrainingCompleted.class,
                spec.runId()).get(0).data();
        EventLog.publish(kafka(), CloudEvent.of(Sources.TRAINER, completed.forSweep("e2e-other")));
        EventLog.await(kafka(), Topics.EVALUATION_COMPLETED, EvaluationCompleted.class, spec.runId(),
                e -> e.data().sweepId().equals("e2e-other"), WAIT);
    }

    @Test
    void readyWhenKafkaAndS3AnswerWithMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("kafka")).body(containsString("s3"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("fsb_evaluator_runs_in_progress"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/runs/{id}"))
                .body(containsString("EvaluationStatus")).body(containsString("awaiting-evaluation"))
                .body(containsString("ci95"));
        given().get("/runs/never-trained-run").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("never-trained-run"));
    }

    private static List<String> ids(List<? extends CloudEvent<?>> events) {
        return events.stream().map(CloudEvent::id).toList();
    }

    /** Waits until the group has committed every message of the topic: all of them were handled. */
    private static void awaitConsumed(String group, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka());
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(p)) {
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get().get(tp);
                if (committed != null && committed.offset() >= end) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError(group + " did not consume all of " + topic + " in time");
    }
}
