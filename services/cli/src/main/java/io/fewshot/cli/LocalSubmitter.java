package io.fewshot.cli;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.platform.kafka.EventPublisher;
import java.time.Duration;

/**
 * Starts a sweep on the local stack: the plan first (the registry reads it to know how many cells
 * the sweep has), then one training request per cell, keyed by run id.
 */
public final class LocalSubmitter {
    /** How long a send may wait for the broker before fsb gives up and says so. */
    static final Duration BROKER_WAIT = Duration.ofSeconds(15);

    private final FsbConfig config;

    public LocalSubmitter(FsbConfig config) {
        this.config = config;
    }

    public void submit(SweepPlan plan, boolean force) {
        try (SweepObjects objects = new SweepObjects(config)) {
            objects.putPlan(plan);
        }
        try (EventPublisher publisher = new EventPublisher(config.bootstrapServers(), "fsb", BROKER_WAIT)) {
            for (Cell cell : plan.cells()) {
                publisher.publish(CloudEvent.of(Sources.PLANNER, TrainingRequested.of(plan.sweepId(), cell.spec(),
                        force)));
            }
        } catch (RuntimeException e) {
            throw new CliException("could not publish to Kafka at " + config.bootstrapServers() + ": " + e.getMessage()
                    + " (is the broker running? locally: scripts/local-stack.sh)", CliException.FAILED, e);
        }
    }
}
