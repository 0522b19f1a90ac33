package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.contracts.sweep.SweepPlanner;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class SubmitLocalTest {

    private static List<CloudEvent<TrainingRequested>> requests(LocalStack stack, String sweepId) {
        return StackEnv.readAll(stack, Topics.TRAINING_REQUESTED).stream()
                .map(r -> {
                    CloudEvent<TrainingRequested> e = EventCodec.decode(r.value(), TrainingRequested.class);
                    assertEquals(e.data().runId(), r.key(), "the record's key is the run id");
                    return e;
                })
                .filter(e -> e.data().sweepId().equals(sweepId)).toList();
    }

    private static SweepPlan storedPlan(LocalStack stack, String sweepId) throws Exception {
        try (MinioClient minio = stack.newMinioClient();
                var in = minio.getObject(GetObjectArgs.builder().bucket(stack.bucket())
                        .object(ObjectKeys.sweepPlan(sweepId)).build())) {
            return SweepPlan.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void publishesOneRequestPerCellKeyedByRunIdAndWritesThePlan(LocalStack stack) throws Exception {
        FsbRun run = FsbRun.run(StackEnv.of(stack), "submit", "--profile", "smoke", "--datasets", "omniglot");

        assertEquals(0, run.exit(), run::toString);
        String sweepId = run.out().strip();
        assertTrue(sweepId.matches("smoke-\\d{8}-\\d{6}-[0-9a-f]{4}"), sweepId);
        assertEquals(sweepId + "\n", run.out(), "stdout is the sweep id alone");

        SweepPlan expected = SweepPlanner.plan(Profile.SMOKE).filter(c -> c.spec().dataset().equals("omniglot"));
        SweepPlan stored = storedPlan(stack, sweepId);
        assertEquals(sweepId, stored.sweepId());
        assertEquals(expected.cells(), stored.cells());

        List<CloudEvent<TrainingRequested>> requests = requests(stack, sweepId);
        assertEquals(24, requests.size(), "exactly one request per cell");
        Set<String> runIds = requests.stream().map(e -> e.data().runId()).collect(Collectors.toSet());
        assertEquals(expected.cells().stream().map(Cell::runId).collect(Collectors.toSet()), runIds);
        for (CloudEvent<TrainingRequested> e : requests) {
            assertEquals(Sources.PLANNER, e.source());
            assertFalse(e.data().force());
            assertEquals(stored.cell(e.data().runId()).orElseThrow().spec(), e.data().spec());
        }
    }

    @Test
    void givenSweepIdAndForceAreCarriedByEveryRequest(LocalStack stack) throws Exception {
        FsbRun run = FsbRun.run(StackEnv.of(stack), "submit", "--profile", "cpu", "--datasets", "mini-imagenet",
                "--sweep-id", "cpu-again", "--force");

        assertEquals(0, run.exit(), run::toString);
        assertEquals("cpu-again\n", run.out());
        List<CloudEvent<TrainingRequested>> requests = requests(stack, "cpu-again");
        assertEquals(12, requests.size());
        assertTrue(requests.stream().allMatch(e -> e.data().force()));
        assertEquals(Profile.CPU, storedPlan(stack, "cpu-again").profile());
    }

    @Test
    void missingBucketFailsClearlyAndPublishesNothing(LocalStack stack) {
        FsbRun run = FsbRun.run(StackEnv.of(stack), "submit", "--profile", "smoke", "--sweep-id", "nowhere",
                "--bucket", "no-such-bucket");

        assertEquals(1, run.exit(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().contains("bucket 'no-such-bucket' does not exist at " + stack.s3Endpoint()), run::toString);
        assertEquals(List.of(), requests(stack, "nowhere"));
    }

    @Test
    void unreachableS3IsNamed(LocalStack stack) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(StackEnv.of(stack));
        int port = Loopback.closedPort();
        env.put(FsbConfig.S3_ENDPOINT, "http://127.0.0.1:" + port);

        FsbRun run = FsbRun.run(env, "submit", "--profile", "smoke", "--sweep-id", "no-s3");

        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains("S3 at http://127.0.0.1:" + port), run::toString);
        assertEquals(List.of(), requests(stack, "no-s3"));
    }
}
