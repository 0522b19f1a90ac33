package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Argo plan step writes the sweep's plan.json, which is how the registry learns its cells. */
@ExtendWith(LocalStackExtension.class)
class PlanStoreTest {
    @Test
    void theArgoPlanStepStoresThePlanUnderTheWorkflowsNameAndPrintsTheSameCells(LocalStack stack) throws Exception {
        Map<String, String> env = new HashMap<>(StackEnv.of(stack));
        env.put("FSB_SWEEP_ID", "fewshot-sweep-smoke-x1");
        // The plan step's arguments in argo/fewshot-sweep.yaml, with empty rows (= all) and two columns.
        FsbRun run = FsbRun.run(env, "plan", "--profile", "smoke", "--datasets", "omniglot", "--rows", "",
                "--configs", "5w1s,20w5s", "--store");

        assertEquals(0, run.exit(), run::toString);
        JsonNode printed = new ObjectMapper().readTree(run.out());
        SweepPlan stored;
        try (SweepObjects objects = new SweepObjects(FsbConfig.fromEnvironment(env))) {
            stored = objects.plan("fewshot-sweep-smoke-x1").orElseThrow();
        }
        assertEquals("fewshot-sweep-smoke-x1", stored.sweepId());
        assertEquals(12, stored.cells().size(), "6 rows x 2 columns");
        List<String> printedIds = new java.util.ArrayList<>();
        printed.forEach(s -> printedIds.add(RunSpec.fromJson(s.toString()).runId()));
        assertEquals(stored.cells().stream().map(Cell::runId).toList(), printedIds);
        assertTrue(run.err().contains("wrote the plan of sweep fewshot-sweep-smoke-x1"), run.err());
    }

    @Test
    void storingNeedsASweepId(LocalStack stack) {
        FsbRun run = FsbRun.run(StackEnv.of(stack), "plan", "--profile", "smoke", "--store");

        assertEquals(CliException.USAGE, run.exit(), run::toString);
        assertTrue(run.err().contains("FSB_SWEEP_ID"), run.err());
    }
}
