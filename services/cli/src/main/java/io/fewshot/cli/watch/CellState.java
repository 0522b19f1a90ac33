package io.fewshot.cli.watch;

import io.fewshot.contracts.RunStatus;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.Phase;
import io.fewshot.contracts.sweep.TableRow;

/** What a watcher knows about one cell; filled in as its events arrive. */
public final class CellState {
    private final String runId;
    RunStatus status = RunStatus.PLANNED;
    /** Where the cell sits in the paper's tables; null until an event says. */
    String dataset;
    TableRow row;
    int way;
    int shot;
    Phase phase;
    int step;
    int totalSteps;
    Double trainAccuracy;
    /** Training time over all attempts, from the completion event; null until trained. */
    Double trainSeconds;
    Double accuracy;
    Double ci95;
    /** The paper's accuracy, a fraction; null outside its tables. */
    Double paperAccuracy;
    String failure;

    CellState(String runId) {
        this.runId = runId;
    }

    void place(RunSpec spec) {
        dataset = spec.dataset();
        row = TableRow.find(spec).orElse(null);
        way = spec.way();
        shot = spec.shot();
        if (paperAccuracy == null) {
            paperAccuracy = io.fewshot.contracts.sweep.PaperTables.accuracyFraction(spec).stream().boxed()
                    .findFirst().orElse(null);
        }
    }

    /** Moves forward only; returns whether the status changed. */
    boolean advance(RunStatus to) {
        if (to.compareTo(status) > 0) {
            status = to;
            return true;
        }
        return false;
    }

    public String runId() {
        return runId;
    }

    public RunStatus status() {
        return status;
    }

    public String dataset() {
        return dataset;
    }

    public TableRow row() {
        return row;
    }

    public int way() {
        return way;
    }

    public int shot() {
        return shot;
    }

    public Phase phase() {
        return phase;
    }

    public int step() {
        return step;
    }

    public int totalSteps() {
        return totalSteps;
    }

    public Double trainSeconds() {
        return trainSeconds;
    }

    public Double trainAccuracy() {
        return trainAccuracy;
    }

    public Double accuracy() {
        return accuracy;
    }

    public Double ci95() {
        return ci95;
    }

    public Double paperAccuracy() {
        return paperAccuracy;
    }

    public String failure() {
        return failure;
    }
}
