package io.fewshot.cli;

import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.SweepPlan;
import java.util.stream.Collectors;

/**
 * A plan's cells as Argo's {@code withParam} reads them: one JSON array of RunSpec objects, each in
 * its canonical form (the form the run id hashes), so a step that parses its item gets the same id.
 */
public final class PlanJson {
    private PlanJson() {
    }

    public static String cells(SweepPlan plan) {
        return plan.cells().stream().map(Cell::spec).map(RunSpec::toJson)
                .collect(Collectors.joining(",", "[", "]"));
    }
}
