package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableCommandTest {
    private FakeRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry().serve("s1", "md", FakeRegistry.TABLE_MD)
                .serve("s1", "csv", FakeRegistry.TABLE_CSV).serve("s1", "json", FakeRegistry.TABLE_JSON);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void markdownIsTheDefaultAndIsPrintedAsTheRegistryRendersIt() {
        FsbRun run = FsbRun.run(Map.of("REGISTRY_URL", registry.url()), "table", "--sweep", "s1");

        assertEquals(0, run.exit(), run::toString);
        assertEquals(FakeRegistry.TABLE_MD, run.out());
        assertEquals(List.of("GET /sweeps/s1/table?format=md Accept: text/markdown"), registry.requests);
    }

    @Test
    void csvAndJsonAreAskedForByFormat() throws Exception {
        FsbRun csv = FsbRun.run("table", "--sweep", "s1", "--format", "csv", "--registry", registry.url());
        FsbRun json = FsbRun.run("table", "--sweep", "s1", "--format", "json", "--registry", registry.url() + "/");

        assertEquals(0, csv.exit(), csv::toString);
        assertEquals(FakeRegistry.TABLE_CSV, csv.out());
        assertEquals(0, json.exit(), json::toString);
        ObjectMapper m = new ObjectMapper();
        assertEquals(m.readTree(FakeRegistry.TABLE_JSON), m.readTree(json.out()));
        assertEquals(0.951, m.readTree(json.out()).at("/tables/0/rows/0/cells/0/accuracy").asDouble());
    }

    @Test
    void theReportStepWaitsUntilTheRegistryCompletedTheSweepThenPrintsTheTable() {
        registry.serveSweep("s1", sweep(null), sweep("2026-11-29T22:00:00Z"));
        FsbRun run = FsbRun.run(Map.of("REGISTRY_URL", registry.url(), "FSB_SWEEP_ID", "s1"), "table",
                "--wait-completed", "1m");

        assertEquals(0, run.exit(), run::toString);
        assertEquals(FakeRegistry.TABLE_MD, run.out());
        assertEquals(List.of("GET /sweeps/s1?null Accept: application/json", "GET /sweeps/s1?null Accept: application/json",
                "GET /sweeps/s1/table?format=md Accept: text/markdown"), registry.requests);
    }

    @Test
    void waitingForASweepThatDoesNotCompleteFailsSayingWhereItStands() {
        registry.serveSweep("s1", sweep(null));
        FsbRun run = FsbRun.run("table", "--sweep", "s1", "--registry", registry.url(), "--wait-completed", "1s");

        assertEquals(CliException.FAILED, run.exit(), run::toString);
        assertTrue(run.err().contains("did not complete sweep s1 within PT1S (1 of 2 cells evaluated, 0 failed)"),
                run.err());
    }

    private static String sweep(String completedAt) {
        return "{\"sweep\":{\"sweepId\":\"s1\",\"planned\":true,\"cells\":2,\"evaluated\":"
                + (completedAt == null ? 1 : 2) + ",\"failed\":0,\"completedAt\":"
                + (completedAt == null ? "null" : "\"" + completedAt + "\"") + "},\"runs\":[]}";
    }

    @Test
    void sweepIdComesFromTheArgoStepsEnvironmentWhenNotGiven() {
        FsbRun run = FsbRun.run(Map.of("REGISTRY_URL", registry.url(), "FSB_SWEEP_ID", "s1"), "table");

        assertEquals(0, run.exit(), run::toString);
        assertEquals(FakeRegistry.TABLE_MD, run.out());
    }

    @Test
    void unknownSweepFailsWithTheRegistrysDetail() {
        FsbRun run = FsbRun.run("table", "--sweep", "s2", "--registry", registry.url());

        assertEquals(1, run.exit(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().contains("the registry at " + registry.url() + " has no sweep 's2': no sweep 's2'"),
                run::toString);
    }

    @Test
    void jsonThatIsNotATableIsRefused() {
        registry.serve("s3", "json", "[1, 2]");

        FsbRun run = FsbRun.run("table", "--sweep", "s3", "--format", "json", "--registry", registry.url());

        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains("not the expected JSON"), run::toString);
    }

    @Test
    void registryThatIsDownIsNamed() throws Exception {
        int closedPort = Loopback.closedPort();
        FsbRun run = FsbRun.run("table", "--sweep", "s1", "--registry", "http://127.0.0.1:" + closedPort);

        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains("the registry at http://127.0.0.1:" + closedPort + " is not reachable"),
                run::toString);
    }
}
