package io.fewshot.contracts.events;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.sweep.Profile;
import java.util.List;

/**
 * Every cell of a sweep is in (evaluated or failed) and its tables are written.
 *
 * @param cells     cells in the plan
 * @param evaluated cells with a result
 * @param failed    cells that failed; {@code cells - evaluated - failed} never reported (a sweep the
 *                  registry closed by timeout)
 * @param tableKeys the rendered tables, {@code sweeps/<sweepId>/table.{md,csv,html}}
 */
public record SweepCompleted(
        String sweepId,
        Profile profile,
        int cells,
        int evaluated,
        int failed,
        List<String> tableKeys) implements EventData {

    private static final String SELF = "SweepCompleted";

    public SweepCompleted {
        Checks.id(SELF, "sweepId", sweepId);
        Checks.notNull(SELF, "profile", profile);
        Checks.positive(SELF, "cells", cells);
        Checks.atLeastZero(SELF, "evaluated", evaluated);
        Checks.atLeastZero(SELF, "failed", failed);
        ContractViolation.require(evaluated + failed <= cells, SELF, "failed",
                "evaluated + failed (" + (evaluated + failed) + ") exceeds cells (" + cells + ")");
        Checks.notNull(SELF, "tableKeys", tableKeys);
        tableKeys = List.copyOf(tableKeys);
        for (String key : tableKeys) {
            Checks.under(SELF, "tableKeys", key, ObjectKeys.sweepPrefix(sweepId));
        }
    }

    @Override
    public String key() {
        return sweepId;
    }
}
