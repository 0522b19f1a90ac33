package io.fewshot.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.DeadLetterHeaders;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.ResultsRegistered;
import io.fewshot.contracts.events.SweepCompleted;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.registry.db.Database;
import io.fewshot.registry.db.Sql;
import io.fewshot.registry.support.Chain;
import io.fewshot.registry.support.Eventually;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the registry must do with events, whatever its database: run once against H2 and once
 * against a real PostgreSQL (the two subclasses).
 */
abstract class RegistryScenarios {
    static final Duration WAIT = Duration.ofSeconds(30);
    static Chain chain;

    @Inject
    Database db;

    @BeforeAll
    static void openChain() {
        chain = new Chain();
    }

    @AfterAll
    static void closeChain() throws Exception {
        chain.close();
    }

    abstract String expectedDatabase();

    @Test
    void theActiveDatabaseIsThisClassesAndItsSchemaCameFromTheVersionedMigration() {
        assertEquals(expectedDatabase(), db.name());
        assertEquals(1, count("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'"
                + " AND \"success\" = TRUE"));
    }

    @Test
    void aRunsEventsAreStoredWithItsLearningCurveReliabilityBinsAndProvenance() {
        SweepPlan plan = Chain.freshPlan("curve", 1, c -> true);
        RunSpec spec = plan.cells().get(0).spec();
        String sweep = plan.sweepId();
        chain.requested(sweep, spec);
        chain.progress(sweep, spec, 2, 1.5, 0.40);
        chain.progress(sweep, spec, 4, 1.1, 0.55);
        chain.progress(sweep, spec, 6, 0.8, 0.70);
        chain.completed(sweep, spec);
        chain.evaluated(sweep, spec, 0.91, 0.012, 0.034);

        // Topics are not ordered against each other: the evaluation may be folded before the last progress.
        JsonPath run = awaitRun(spec.runId(), j -> "evaluated".equals(j.getString("run.status"))
                && j.getList("learningCurve").size() == 3);
        assertEquals(spec.dataset(), run.getString("run.dataset"));
        assertEquals(0.91, run.getDouble("run.accuracy"), 1e-9);
        assertEquals(0.012, run.getDouble("evaluation.ci95"), 1e-9);
        assertEquals(0.034, run.getDouble("evaluation.ece"), 1e-9);
        assertEquals(List.of(2, 4, 6), run.getList("learningCurve.step"));
        assertEquals(1.1f, run.getFloat("learningCurve[1].loss"), 1e-6);
        assertEquals(15, run.getList("reliability").size());
        assertEquals(0, run.getInt("reliability[2].count"));
        assertNull(run.get("reliability[2].accuracy"), "an empty bin has no accuracy");
        assertEquals(31, run.getInt("reliability[3].count"));
        assertEquals(0.233333, run.getDouble("reliability[3].confidence"), 1e-6);
        assertEquals("test", run.getString("provenance.codeVersion"));
        assertEquals(10, run.getInt("training.steps"));
        assertEquals(List.of(sweep), run.getList("sweeps"));
    }

    @Test
    void aDuplicatedEventLeavesExactlyOneRowAndOneAnnouncement() {
        SweepPlan plan = Chain.freshPlan("dup", 1, c -> true);
        RunSpec spec = plan.cells().get(0).spec();
        String sweep = plan.sweepId();
        for (int i = 0; i < 2; i++) {
            chain.requested(sweep, spec);
            chain.progress(sweep, spec, 3, 1.0, 0.5);
            chain.completed(sweep, spec);
            chain.evaluated(sweep, spec, 0.8, 0.02, 0.05);
        }
        // A marker after the duplicates: once it is stored, every duplicate before it was consumed.
        RunSpec marker = Chain.freshPlan("marker", 1, c -> true).cells().get(0).spec();
        chain.requested(sweep, marker);
        awaitRun(marker.runId(), "requested");

        String id = spec.runId();
        assertEquals(1, count("SELECT COUNT(*) FROM runs WHERE run_id = ?", id));
        assertEquals(1, count("SELECT COUNT(*) FROM results WHERE run_id = ?", id));
        assertEquals(15, count("SELECT COUNT(*) FROM reliability_bins WHERE run_id = ?", id));
        assertEquals(1, count("SELECT COUNT(*) FROM learning_curve WHERE run_id = ?", id));
        assertEquals(1, count("SELECT COUNT(*) FROM sweep_cells WHERE run_id = ?", id));
        assertEquals(1, count("SELECT COUNT(*) FROM sweeps WHERE sweep_id = ?", sweep));
        assertEquals(1, chain.records(Topics.RESULTS_REGISTERED, id).size(),
                "a replayed evaluation must not be announced again");
    }

    @Test
    void aMalformedMessageIsParkedOnTheDlqWithItsErrorAndConsumingGoesOn() {
        SweepPlan plan = Chain.freshPlan("dlq", 1, c -> true);
        RunSpec spec = plan.cells().get(0).spec();
        String key = "bad-" + spec.runId();
        String badAccuracy = new String(EventCodec.encode(CloudEvent.of("/test", new io.fewshot.contracts.events
                .TrainingProgress(spec.runId(), plan.sweepId(), io.fewshot.contracts.events.Phase.TRAIN, 1, 10, 1.0,
                0.5, 1.0, 1.0, null))), StandardCharsets.UTF_8).replace("\"accuracy\":0.5", "\"accuracy\":1.5");
        chain.sendRaw(Topics.TRAINING_PROGRESS, key, badAccuracy.getBytes(StandardCharsets.UTF_8));
        chain.sendRaw(Topics.EVALUATION_COMPLETED, key, "not json at all".getBytes(StandardCharsets.UTF_8));
        chain.requested(plan.sweepId(), spec);

        awaitRun(spec.runId(), "requested");
        List<ConsumerRecord<String, byte[]>> parked = Eventually.await("both bad messages on their DLQs", WAIT,
                () -> List.of(chain.records(Topics.dlq(Topics.TRAINING_PROGRESS), key),
                        chain.records(Topics.dlq(Topics.EVALUATION_COMPLETED), key)).stream().flatMap(List::stream)
                        .toList(), l -> l.size() == 2);
        String progressError = header(parked.get(0), DeadLetterHeaders.ERROR);
        assertTrue(progressError.contains("data.accuracy") && progressError.contains("1.5"), progressError);
        assertEquals(Topics.TRAINING_PROGRESS, header(parked.get(0), DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals(badAccuracy, new String(parked.get(0).value(), StandardCharsets.UTF_8));
        assertFalse(header(parked.get(1), DeadLetterHeaders.ERROR).isBlank());
        assertEquals(0, count("SELECT COUNT(*) FROM learning_curve WHERE run_id = ?", spec.runId()));
    }

    @Test
    void aSweepWhoseCellsAreAllEvaluatedOrFailedWritesItsTablesAndAnnouncesCompletion() {
        SweepPlan plan = Chain.freshPlan("complete", 3, c -> c.spec().dataset().equals("omniglot")
                && c.spec().way() == 5 && c.spec().shot() == 1);
        chain.writePlan(plan);
        String sweep = plan.sweepId();
        RunSpec a = plan.cells().get(0).spec();
        RunSpec b = plan.cells().get(1).spec();
        RunSpec c = plan.cells().get(2).spec();
        chain.requested(sweep, a);
        chain.requested(sweep, b);
        chain.requested(sweep, c);
        chain.evaluated(sweep, a, 0.975, 0.004, 0.021);
        chain.failed(sweep, b, "loss diverged (NaN) at step 4");
        awaitRun(b.runId(), "failed");
        awaitRun(a.runId(), "evaluated");

        given().get("/sweeps/{id}", sweep).then().statusCode(200).body("sweep.cells", equalTo(3))
                .body("sweep.evaluated", equalTo(1)).body("sweep.failed", equalTo(1))
                .body("sweep.completedAt", equalTo(null)).body("runs", hasSize(3));
        assertTrue(chain.object(ObjectKeys.sweepTable(sweep, ObjectKeys.TableFormat.MD)).isEmpty(),
                "no table before the last cell is in");

        chain.evaluated(sweep, c, 0.962, 0.005, 0.030);
        Eventually.await("sweep completed", WAIT, () -> given().get("/sweeps/{id}", sweep).jsonPath()
                .getString("sweep.completedAt") != null);

        String md = chain.object(ObjectKeys.sweepTable(sweep, ObjectKeys.TableFormat.MD)).orElseThrow();
        String csv = chain.object(ObjectKeys.sweepTable(sweep, ObjectKeys.TableFormat.CSV)).orElseThrow();
        String html = chain.object(ObjectKeys.sweepTable(sweep, ObjectKeys.TableFormat.HTML)).orElseThrow();
        assertTrue(md.contains("## Table 1: Omniglot") && md.contains("97.5 ± 0.4; paper "), md);
        assertTrue(csv.lines().anyMatch(l -> l.contains(a.runId()) && l.contains(",evaluated,97.50,0.40,")), csv);
        assertTrue(csv.lines().anyMatch(l -> l.contains(b.runId()) && l.contains(",failed,")), csv);
        assertTrue(html.contains("<h2>Table 2: miniImageNet") && html.contains("96.2 ± 0.5"), html);

        List<ConsumerRecord<String, byte[]>> done = chain.records(Topics.SWEEP_COMPLETED, sweep);
        assertEquals(1, done.size());
        SweepCompleted event = EventCodec.decode(done.get(0).value(), SweepCompleted.class).data();
        assertEquals(3, event.cells());
        assertEquals(2, event.evaluated());
        assertEquals(1, event.failed());
        assertEquals(3, event.tableKeys().size());

        ResultsRegistered last = EventCodec.decode(chain.records(Topics.RESULTS_REGISTERED, c.runId()).get(0).value(),
                ResultsRegistered.class).data();
        assertEquals(3, last.cellsRegistered());
        assertEquals(3, last.cellsPlanned());
        assertEquals(sweep, last.sweepId());
        assertTrue(last.paperAccuracy() != null && last.paperAccuracy() > 0.9);
    }

    @Test
    void runsAreFilteredPagedAndRankedOnThisDatabase() {
        SweepPlan plan = Chain.freshPlan("query", 2, c -> c.spec().dataset().equals("mini-imagenet")
                && c.spec().way() == 5 && c.spec().shot() == 5);
        String sweep = plan.sweepId();
        RunSpec low = plan.cells().get(0).spec();
        RunSpec high = plan.cells().get(1).spec();
        chain.evaluated(sweep, low, 0.41, 0.01, 0.05);
        chain.evaluated(sweep, high, 0.93, 0.01, 0.05);
        awaitRun(low.runId(), "evaluated");
        awaitRun(high.runId(), "evaluated");

        given().get("/runs?sweep={s}&dataset=mini-imagenet&method={m}&status=evaluated&page=0&size=5", sweep,
                high.method().id()).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].runId", equalTo(high.runId()));
        given().get("/runs?sweep={s}&size=1&page=1", sweep).then().statusCode(200).body("total", equalTo(2))
                .body("items", hasSize(1));
        List<String> ranked = given().get("/leaderboard?dataset=mini-imagenet&way=5&shot=5&limit=100").then()
                .statusCode(200).extract().path("[0].entries.runId");
        assertTrue(ranked.indexOf(high.runId()) >= 0 && ranked.indexOf(high.runId()) < ranked.indexOf(low.runId()),
                "the better run ranks first: " + ranked);
        given().get("/sweeps/{id}/table?format=csv", sweep).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(high.runId() + ",evaluated,93.00,"));
    }

    JsonPath awaitRun(String runId, String status) {
        return awaitRun(runId, j -> status.equals(j.getString("run.status")));
    }

    JsonPath awaitRun(String runId, Predicate<JsonPath> state) {
        return Eventually.await("run " + runId + " in the awaited state", WAIT, () -> {
            var r = given().get("/runs/{id}", runId);
            return r.statusCode() == 200 ? r.jsonPath() : null;
        }, j -> j != null && state.test(j));
    }

    long count(String sql, Object... params) {
        return db.read(c -> Sql.count(c, sql, params));
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        assertTrue(h != null, "header " + name + " missing");
        return new String(h.value(), StandardCharsets.UTF_8);
    }

}
