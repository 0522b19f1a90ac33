package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlanner;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void paperProfilePrintsThe36CellsAsRunSpecJsonThatRoundTrips() throws Exception {
        FsbRun run = FsbRun.run("plan", "--profile", "paper");

        assertEquals(0, run.exit(), run::toString);
        List<Cell> expected = SweepPlanner.plan(Profile.PAPER).cells();
        JsonNode array = JSON.readTree(run.out());
        assertTrue(array.isArray(), "stdout is one JSON array and nothing else");
        assertEquals(36, array.size());
        for (int i = 0; i < array.size(); i++) {
            String element = array.get(i).toString();
            RunSpec spec = RunSpec.fromJson(element);
            assertEquals(expected.get(i).runId(), spec.runId(), "cell " + i + " names the planner's run");
            assertEquals(element, spec.toJson(), "cell " + i + " is printed in canonical form");
        }
    }

    @Test
    void argoPlanStepWithBothDatasetsGivesEveryCellAndNothingElseOnStdout() throws Exception {
        // The exact arguments of the plan step in argo/fewshot-sweep.yaml.
        FsbRun run = FsbRun.run("plan", "--profile", "smoke", "--datasets", "omniglot,mini-imagenet");

        assertEquals(0, run.exit(), run::toString);
        assertEquals("", run.err());
        assertEquals(run.out().strip() + "\n", run.out(), "one line of JSON");
        assertEquals(36, JSON.readTree(run.out()).size());
    }

    @Test
    void smokeProfileNarrowedToOmniglotHasItsTwentyFourCellsWithSmokeBudgets() throws Exception {
        FsbRun run = FsbRun.run("plan", "--profile", "smoke", "--datasets", "omniglot");

        assertEquals(0, run.exit(), run::toString);
        JsonNode array = JSON.readTree(run.out());
        List<RunSpec> expected = SweepPlanner.plan(Profile.SMOKE).cells().stream().map(Cell::spec)
                .filter(s -> s.dataset().equals("omniglot")).toList();
        assertEquals(24, array.size());
        for (int i = 0; i < array.size(); i++) {
            RunSpec spec = RunSpec.fromJson(array.get(i).toString());
            assertEquals(expected.get(i), spec);
            assertEquals("omniglot", spec.dataset());
        }
    }

    @Test
    void rowsAndConfigsNarrowThePlanToATinySweep() throws Exception {
        FsbRun run = FsbRun.run("plan", "--profile", "smoke", "--datasets", "omniglot", "--rows", "protonet,maml",
                "--configs", "5w1s");

        assertEquals(0, run.exit(), run::toString);
        JsonNode array = JSON.readTree(run.out());
        assertEquals(2, array.size());
        assertEquals(io.fewshot.contracts.Method.PROTO_NETS, RunSpec.fromJson(array.get(0).toString()).method());
        assertEquals(io.fewshot.contracts.Method.MAML, RunSpec.fromJson(array.get(1).toString()).method());
        for (JsonNode cell : array) {
            RunSpec spec = RunSpec.fromJson(cell.toString());
            assertEquals(5, spec.way());
            assertEquals(1, spec.shot());
        }
    }
}
