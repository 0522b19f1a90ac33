package io.fewshot.contracts.events;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.Nullable;
import io.fewshot.contracts.sweep.TableRow;

/**
 * A run's result is in the registry: flat, so that a watcher can print a table line without the
 * spec. Accuracies are fractions in [0, 1].
 *
 * @param row             the paper table row the run fills
 * @param innerSteps      training inner steps (tells the amortized BNN's two rows apart)
 * @param paperAccuracy   the paper's accuracy for this cell (fraction), absent outside its tables
 * @param cellsRegistered cells of the sweep with a result or a failure so far, this one included
 * @param cellsPlanned    cells in the sweep's plan
 */
public record ResultsRegistered(
        String runId,
        String sweepId,
        String dataset,
        String split,
        Method method,
        TableRow row,
        int way,
        int shot,
        int innerSteps,
        double accuracy,
        double ci95,
        double ece,
        @Nullable Double paperAccuracy,
        int cellsRegistered,
        int cellsPlanned) implements EventData {

    private static final String SELF = "ResultsRegistered";

    public ResultsRegistered {
        Checks.id(SELF, "runId", runId);
        Checks.id(SELF, "sweepId", sweepId);
        Checks.text(SELF, "dataset", dataset);
        Checks.text(SELF, "split", split);
        Checks.notNull(SELF, "method", method);
        Checks.notNull(SELF, "row", row);
        ContractViolation.require(row.method() == method, SELF, "row",
                "'" + row.id() + "' is not a row of method " + method.id());
        Checks.positive(SELF, "way", way);
        Checks.positive(SELF, "shot", shot);
        Checks.atLeastZero(SELF, "innerSteps", innerSteps);
        Checks.fraction(SELF, "accuracy", accuracy);
        Checks.fraction(SELF, "ci95", ci95);
        Checks.fraction(SELF, "ece", ece);
        Checks.fraction(SELF, "paperAccuracy", paperAccuracy);
        Checks.positive(SELF, "cellsPlanned", cellsPlanned);
        ContractViolation.require(cellsRegistered >= 1 && cellsRegistered <= cellsPlanned, SELF, "cellsRegistered",
                "must be in [1, cellsPlanned=" + cellsPlanned + "], was " + cellsRegistered);
    }

    @Override
    public String key() {
        return runId;
    }
}
