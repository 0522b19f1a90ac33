package io.fewshot.cli;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.SweepPlan;

/**
 * Starts a sweep on the local stack: the plan first (the registry reads it to know how many cells
 * the sweep has), then one training request per cell, keyed by run id.
 */
public final class LocalSubmitter {
    private final FsbConfig config;

    public LocalSubmitter(FsbConfig config) {
        this.config = config;
    }

    public void submit(SweepPlan plan, boolean force) {
        try (SweepObjects objects = new SweepObjects(config)) {
            objects.putPlan(plan);
        }
        try (EventPublisher publisher = new EventPublisher(config.bootstrapServers())) {
            for (Cell cell : plan.cells()) {
                publisher.send(CloudEvent.of(Sources.PLANNER, TrainingRequested.of(plan.sweepId(), cell.spec(), force)));
            }
            publisher.awaitAll();
        }
    }
}
