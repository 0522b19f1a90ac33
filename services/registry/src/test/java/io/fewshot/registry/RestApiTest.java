package io.fewshot.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.registry.support.Chain;
import io.fewshot.registry.support.Eventually;
import io.fewshot.registry.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over a small sweep: filters, paging, formats, problems, the write token, operations endpoints. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class RestApiTest {
    static final String PROBLEM = "application/problem+json";
    static SweepPlan plan;

    /** Once per class, but per test instance: RestAssured knows the application's port only from here on. */
    @BeforeEach
    void seed() throws Exception {
        if (plan != null) {
            return;
        }
        plan = Chain.freshPlan("api", 3, c -> c.spec().dataset().equals("omniglot") && c.spec().way() == 5
                && c.spec().shot() == 1);
        try (Chain chain = new Chain()) {
            chain.writePlan(plan);
            plan.cells().forEach(c -> chain.requested(plan.sweepId(), c.spec()));
            chain.evaluated(plan.sweepId(), plan.cells().get(0).spec(), 0.95, 0.01, 0.02);
            chain.evaluated(plan.sweepId(), plan.cells().get(1).spec(), 0.97, 0.01, 0.03);
        }
        Eventually.await("the API sweep's results", Duration.ofSeconds(60), () -> given()
                .get("/runs?sweep={s}&status=evaluated", plan.sweepId()).jsonPath().getInt("total") == 2);
    }

    @Test
    void runsAreFilteredBySweepDatasetMethodAndStatus() {
        String sweep = plan.sweepId();
        given().get("/runs?sweep={s}", sweep).then().statusCode(200).body("total", equalTo(3));
        given().get("/runs?sweep={s}&status=requested", sweep).then().body("total", equalTo(1))
                .body("items[0].runId", equalTo(plan.cells().get(2).runId()));
        String method = plan.cells().get(1).spec().method().id();
        given().get("/runs?sweep={s}&method={m}", sweep, method).then().body("total", equalTo(1))
                .body("items[0].accuracy", equalTo(0.97f));
        given().get("/runs?sweep={s}&dataset=omniglot", sweep).then().body("total", equalTo(3));
        given().get("/runs?sweep={s}&dataset=mini-imagenet", sweep).then().body("total", equalTo(0))
                .body("items", empty());
    }

    @Test
    void runsArePaged() {
        String sweep = plan.sweepId();
        String first = given().get("/runs?sweep={s}&size=2&page=0", sweep).then().statusCode(200)
                .body("items", hasSize(2)).body("total", equalTo(3)).extract().path("items[0].runId");
        List<String> second = given().get("/runs?sweep={s}&size=2&page=1", sweep).then().body("items", hasSize(1))
                .extract().path("items.runId");
        assertNotEquals(first, second.get(0));
        given().get("/runs?sweep={s}&size=2&page=7", sweep).then().statusCode(200).body("items", empty());
    }

    @Test
    void badInputIsAProblemDocumentThatNamesTheParameter() {
        given().get("/runs?page=-1").then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("detail", startsWith("page: must be in [0, 100000]"));
        given().get("/runs?size=abc").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("size: expected an integer"));
        given().get("/runs?method=svm").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("expected one of matching-nets, protonet, maml"));
        given().get("/runs?status=done").then().statusCode(400).body("detail", containsString("status: 'done'"));
        given().get("/runs?sweep={s}", "a'b").then().statusCode(400).body("detail", containsString("not a valid id"));
        given().get("/runs/{id}", "no-such-run").then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("no run 'no-such-run'")).body("instance", equalTo("/runs/no-such-run"));
        given().get("/sweeps/{id}/table?format=pdf", plan.sweepId()).then().statusCode(400).contentType(PROBLEM);
        given().get("/nothing-here").then().statusCode(404).contentType(PROBLEM);
        given().delete("/runs").then().statusCode(405).contentType(PROBLEM);
    }

    @Test
    void aRunShowsItsSpecAndSweeps() {
        String id = plan.cells().get(0).runId();
        given().get("/runs/{id}", id).then().statusCode(200).body("run.status", equalTo("evaluated"))
                .body("spec.dataset", equalTo("omniglot")).body("sweeps", hasItem(plan.sweepId()))
                .body("reliability", hasSize(15));
    }

    @Test
    void theSweepTableComesAsJsonCsvAndMarkdown() {
        String sweep = plan.sweepId();
        given().get("/sweeps/{id}/table", sweep).then().statusCode(200).contentType("application/json")
                .body("tables[0].title", equalTo("Omniglot")).body("tables[0].columns.id",
                        equalTo(List.of("5w1s", "5w5s", "20w1s", "20w5s")))
                .body("tables[0].rows", hasSize(6)).body("tables[1].columns", hasSize(2))
                .body("sweep.cells", equalTo(3)).body("sweep.evaluated", equalTo(2));
        given().accept("text/csv").get("/sweeps/{id}/table", sweep).then().statusCode(200)
                .contentType(containsString("text/csv"))
                .body(startsWith("table,dataset,split,row,method,way,shot,run_id,status,accuracy_pct"))
                .body(containsString(plan.cells().get(1).runId() + ",evaluated,97.00,1.00,"));
        given().get("/sweeps/{id}/table?format=md", sweep).then().statusCode(200)
                .contentType(containsString("text/markdown")).body(containsString("## Table 2: miniImageNet"));
        given().get("/sweeps").then().statusCode(200).body("sweepId", hasItem(sweep));
    }

    @Test
    void theLeaderboardRanksEachCellsRunsByAccuracy() {
        List<Float> accuracies = given().get("/leaderboard?dataset=omniglot&way=5&shot=1&limit=100").then()
                .statusCode(200).body("[0].dataset", equalTo("omniglot")).body("[0].entries[0].rank", equalTo(1))
                .extract().path("[0].entries.accuracy");
        for (int i = 1; i < accuracies.size(); i++) {
            assertEquals(true, accuracies.get(i - 1) >= accuracies.get(i), "sorted by accuracy: " + accuracies);
        }
        given().get("/leaderboard?way=0").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void writingNeedsTheConfiguredTokenAndReadingDoesNot() throws Exception {
        SweepPlan closing = Chain.freshPlan("close", 2, c -> true);
        try (Chain chain = new Chain()) {
            chain.writePlan(closing);
            chain.requested(closing.sweepId(), closing.cells().get(0).spec());
            Eventually.await("the sweep to close", Duration.ofSeconds(30),
                    () -> given().get("/sweeps/{id}", closing.sweepId()).statusCode() == 200);
            given().post("/sweeps/{id}/close", closing.sweepId()).then().statusCode(401).contentType(PROBLEM)
                    .header("WWW-Authenticate", startsWith("Bearer"));
            given().header("Authorization", "Bearer wrong").post("/sweeps/{id}/close", closing.sweepId()).then()
                    .statusCode(401).body("detail", containsString("not the registry's write token"));
            given().header("Authorization", "Bearer " + LocalStackResource.WRITE_TOKEN)
                    .post("/sweeps/{id}/close", closing.sweepId()).then().statusCode(200)
                    .body("cells", equalTo(2)).body("evaluated", equalTo(0)).body("tableKeys", hasSize(3));
            given().header("Authorization", "Bearer " + LocalStackResource.WRITE_TOKEN)
                    .post("/sweeps/{id}/close", closing.sweepId()).then().statusCode(409).contentType(PROBLEM);
            given().get("/sweeps/{id}", closing.sweepId()).then().statusCode(200)
                    .body("sweep.closedBy", equalTo("operator"));
            assertEquals(1, chain.records(Topics.SWEEP_COMPLETED, closing.sweepId()).size());
        }
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", not(empty()))
                .body(containsString("/runs/{runId}")).body(containsString("/sweeps/{sweepId}/table"))
                .body("components.securitySchemes.writeToken.scheme", equalTo("bearer"))
                .body("paths.'/sweeps/{sweepId}/close'.post.security[0]", org.hamcrest.Matchers.hasKey("writeToken"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("h2"));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("event-consumer"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("registry_events_total"));
    }
}
