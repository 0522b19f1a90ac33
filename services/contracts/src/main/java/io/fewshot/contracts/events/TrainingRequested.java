package io.fewshot.contracts.events;

import io.fewshot.contracts.RunSpec;

/**
 * One cell of a sweep should be trained (and then evaluated).
 *
 * @param runId   {@code spec.runId()}, carried so logs and watchers need not hash; checked
 * @param sweepId the sweep the run belongs to (a single run is a sweep of one)
 * @param force   train again even if a completed run with this id exists; otherwise a replayed
 *                request for a finished run changes nothing
 */
public record TrainingRequested(String runId, String sweepId, RunSpec spec, boolean force) implements EventData {
    private static final String SELF = "TrainingRequested";

    public TrainingRequested {
        Checks.id(SELF, "sweepId", sweepId);
        Checks.runIdMatchesSpec(SELF, runId, spec);
    }

    public static TrainingRequested of(String sweepId, RunSpec spec, boolean force) {
        return new TrainingRequested(spec.runId(), sweepId, spec, force);
    }

    @Override
    public String key() {
        return runId;
    }
}
