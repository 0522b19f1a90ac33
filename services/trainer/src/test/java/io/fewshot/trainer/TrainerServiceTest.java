package io.fewshot.trainer;

import io.fewshot.contracts.events.DatasetIngested;
import io.fewshot.contracts.events.PartitionSize;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.TinyDataset;
import jakarta.inject.Inject;
import java.util.Map;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ml.Provenance;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.DeadLetterHeaders;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.support.EventLog;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.LocalStackResource;
import io.fewshot.support.RunStore;
import io.fewshot.support.TinyDataset;
import io.fewshot.support.TinySpecs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The trainer service in-process against the real local stack: requests in, checkpoints and events out. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = "prefix", value = "trainer"))
class TrainerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static String kafka() {
        return LocalStackResource.stack().bootstrapServers();
    }

    private static CloudEvent<TrainingCompleted> request(RunSpec spec) throws Exception {
        EventLog.publish(kafka(), CloudEvent.of(Sources.PLANNER, TrainingRequested.of("test-sweep", spec, false)));
        return EventLog.await(kafka(), Topics.TRAINING_COMPLETED, TrainingCompleted.class, spec.runId(), e -> true, WAIT);
    }

    @Test
    void requestedRunIsTrainedCheckpointedAndReported() throws Exception {
        RunSpec spec = TinySpecs.protoNet(30, 10, 1);
        CloudEvent<TrainingCompleted> done = request(spec);

        assertEquals(30, done.data().steps());
        assertEquals("test-sweep", done.data().sweepId());
        List<CloudEvent<TrainingProgress>> progress = EventLog.events(kafka(), Topics.TRAINING_PROGRESS,
                TrainingProgress.class, spec.runId());
        assertFalse(progress.isEmpty(), "no progress events");
        assertEquals(30, progress.get(progress.size() - 1).data().step());
        try (S3Store s3 = LocalStackResource.newS3Store()) {
            RunStore runs = new RunStore(s3);
            assertTrue(s3.exists(done.data().checkpointKey() + RunStore.CHECKPOINT_OBJECT), done.data().checkpointKey());
            assertTrue(s3.exists(ObjectKeys.finalCheckpointPrefix(spec.runId()) + RunStore.CHECKPOINT_OBJECT));
            assertEquals(List.of(20, 30), List.copyOf(runs.steps(spec.runId())), "newest two step checkpoints kept");
            assertEquals(spec, RunSpec.fromJson(new String(s3.getBytesOrNull(ObjectKeys.runSpec(spec.runId())),
                    StandardCharsets.UTF_8)));
            assertTrue(new String(s3.getBytesOrNull(ObjectKeys.metrics(spec.runId())), StandardCharsets.UTF_8)
                    .contains("\"step\":30"));
            assertEquals(done.id(), runs.trainingCompleted(spec.runId()).orElseThrow().id(), "marker = the event");
            Provenance provenance = Provenance.fromJson(new String(s3.getBytesOrNull(ObjectKeys.provenance(
                    spec.runId())), StandardCharsets.UTF_8));
            assertEquals(spec, provenance.spec(), "the run can be rebuilt from its provenance");
            assertEquals(1, provenance.threads());
        }
        given().get("/runs/" + spec.runId()).then().statusCode(200).body("state", equalTo("completed"))
                .body("step", equalTo(30)).body("totalSteps", equalTo(30)).body("stoppedBy", equalTo("steps"))
                .body("checkpointKey", equalTo(done.data().checkpointKey()));
    }

    @Inject
    DatasetCache datasets;

    @Test
    void aDatasetIngestedWhileTheTrainerRunsIsDecodedBeforeAnyRunAsksForIt() throws Exception {
        try (S3Store s3 = LocalStackResource.newS3Store()) {
            TinyDataset.commit(s3, "prefetched", "tiny", 8, 4);
        }
        assertFalse(datasets.inMemory("prefetched", TinyDataset.VERSION, "tiny"));
        EventLog.publish(kafka(), CloudEvent.of(Sources.INGEST, new DatasetIngested("prefetched", TinyDataset.VERSION,
                "tiny", ObjectKeys.datasetManifest("prefetched", TinyDataset.VERSION), "0".repeat(64), 28, 1, 8, 32,
                Map.of("train", new PartitionSize(4, 16), "val", new PartitionSize(2, 8),
                        "test", new PartitionSize(2, 8)))));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!datasets.inMemory("prefetched", TinyDataset.VERSION, "tiny") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(datasets.inMemory("prefetched", TinyDataset.VERSION, "tiny"), "not prefetched");
    }

    @Test
    void replayedRequestChangesNothing() throws Exception {
        RunSpec spec = TinySpecs.protoNet(20, 10, 2);
        CloudEvent<TrainingCompleted> first = request(spec);
        int progressBefore = EventLog.events(kafka(), Topics.TRAINING_PROGRESS, TrainingProgress.class,
                spec.runId()).size();

        EventLog.publish(kafka(), CloudEvent.of(Sources.PLANNER, TrainingRequested.of("test-sweep", spec, false)));
        RunSpec after = TinySpecs.protoNet(20, 10, 3);
        request(after); // one partition, one run at a time: the replay was handled before this one

        List<CloudEvent<TrainingCompleted>> completions = EventLog.events(kafka(), Topics.TRAINING_COMPLETED,
                TrainingCompleted.class, spec.runId());
        assertEquals(List.of(first.id()), completions.stream().map(CloudEvent::id).toList());
        assertEquals(progressBefore, EventLog.events(kafka(), Topics.TRAINING_PROGRESS, TrainingProgress.class,
                spec.runId()).size(), "the replay trained again");
    }

    @Test
    void malformedRequestsGoToTheDlqAndTheNextRequestIsTrained() throws Exception {
        String good = TrainingRequestedJson.of(TinySpecs.protoNet(20, 10, 4));
        String badSpec = good.replace("\"way\":5", "\"way\":1");
        EventLog.send(kafka(), Topics.TRAINING_REQUESTED, "garbage", "not json {".getBytes(StandardCharsets.UTF_8));
        EventLog.send(kafka(), Topics.TRAINING_REQUESTED, "bad-way", badSpec.getBytes(StandardCharsets.UTF_8));

        request(TinySpecs.protoNet(20, 10, 4));

        List<ConsumerRecord<String, byte[]>> dlq = EventLog.records(kafka(), Topics.dlq(Topics.TRAINING_REQUESTED));
        Map<String, String> errors = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dlq) {
            errors.put(r.key(), new String(r.headers().lastHeader(DeadLetterHeaders.ERROR).value(),
                    StandardCharsets.UTF_8));
        }
        assertTrue(errors.containsKey("garbage"), "garbage not dead-lettered: " + errors);
        assertTrue(errors.get("bad-way").contains("way"), errors.get("bad-way"));
        assertEquals("not json {", new String(dlq.stream().filter(r -> r.key().equals("garbage")).findFirst()
                .orElseThrow().value(), StandardCharsets.UTF_8), "the original message is kept");
    }

    @Test
    void runsThatCannotTrainReportWhetherARetryCanHelp() throws Exception {
        RunSpec noData = new RunSpec("not-ingested", "x", Method.PROTO_NETS, 5, 1, 5, 0, 0, Budget.steps(5), 1, null);
        RunSpec badMaml = new RunSpec(TinyDataset.NAME, TinyDataset.SPLIT, Method.MAML, 5, 1, 5, 1, 0.4,
                Budget.steps(5), 1, Map.of("trainWay", 10, "filters", 8));
        for (RunSpec s : List.of(noData, badMaml)) {
            EventLog.publish(kafka(), CloudEvent.of(Sources.PLANNER, TrainingRequested.of("test-sweep", s, false)));
        }
        TrainingFailed missing = EventLog.await(kafka(), Topics.TRAINING_FAILED, TrainingFailed.class, noData.runId(),
                e -> true, WAIT).data();
        TrainingFailed invalid = EventLog.await(kafka(), Topics.TRAINING_FAILED, TrainingFailed.class,
                badMaml.runId(), e -> true, WAIT).data();
        assertFalse(missing.retryable(), "a dataset nobody ingested stays missing: " + missing.reason());
        assertTrue(missing.reason().contains("not-ingested"), missing.reason());
        assertFalse(invalid.retryable(), invalid.reason());
        assertTrue(invalid.reason().contains("trainWay"), invalid.reason());
        given().get("/runs/" + badMaml.runId()).then().statusCode(200).body("state", equalTo("failed"));
    }

    @Test
    void readyWhenKafkaAndS3AnswerWithMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("kafka"))
                .body(containsString("s3"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("fsb_trainer_runs_in_progress"));
        // A typed response: the schema names every field of the status, not an empty object.
        given().get("/q/openapi").then().statusCode(200).body(containsString("/runs/{id}"))
                .body(containsString("TrainingStatus")).body(containsString("lastCheckpointStep"))
                .body(containsString("interrupted"));
        // Errors are problem+json, as in every service (rest-support's mappers).
        given().get("/runs/no-such-run-000").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("instance", equalTo("/runs/no-such-run-000"));
        given().get("/runs/a..b").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://fewshot.io/problems/bad-request"));
        given().get("/no-such-path").then().statusCode(404).contentType("application/problem+json");
    }

    /** The wire form of a request, for tests that corrupt it. */
    static final class TrainingRequestedJson {
        static String of(RunSpec spec) {
            return EventCodec.encodeToString(CloudEvent.of(Sources.PLANNER, TrainingRequested.of("test-sweep", spec,
                    false)));
        }
    }
}
