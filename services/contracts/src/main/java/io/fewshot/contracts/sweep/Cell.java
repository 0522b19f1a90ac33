package io.fewshot.contracts.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.RunSpec;

/**
 * One cell of a paper table: the row it fills and the run that fills it. The run id and row are
 * stored beside the spec so that {@code plan.json} reads without a tool; both are checked against it.
 */
public record Cell(String runId, TableRow row, RunSpec spec) {
    public Cell {
        ContractViolation.require(spec != null, "Cell", "spec", "must be set");
        ContractViolation.require(spec.runId().equals(runId), "Cell", "runId",
                "'" + runId + "' does not match the spec, whose run id is '" + spec.runId() + "'");
        ContractViolation.require(row == TableRow.find(spec).orElse(null), "Cell", "row",
                "'" + (row == null ? null : row.id()) + "' does not match the spec (" + spec.method().id() + ", "
                        + spec.innerSteps() + " inner steps)");
    }

    public static Cell of(RunSpec spec) {
        return new Cell(spec.runId(), TableRow.of(spec), spec);
    }

    @JsonIgnore
    public PaperTable table() {
        return PaperTable.forDataset(spec.dataset()).orElseThrow(() -> new IllegalStateException(
                "dataset " + spec.dataset() + " has no table in the paper"));
    }

    @JsonIgnore
    public Column column() {
        return new Column(spec.way(), spec.shot());
    }
}
