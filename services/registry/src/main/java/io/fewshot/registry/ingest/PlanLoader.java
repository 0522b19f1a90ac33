package io.fewshot.registry.ingest;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.registry.io.ObjectStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A sweep's planned cells come from {@code sweeps/<id>/plan.json}, written by whoever submits the
 * sweep before its first request. A sweep without one is still recorded, with the runs requested
 * for it as its cells, but it cannot complete on its own (its size and profile are unknown).
 */
@Singleton
public class PlanLoader {
    private static final Logger LOG = Logger.getLogger(PlanLoader.class);

    private final ObjectStore store;

    @Inject
    public PlanLoader(ObjectStore store) {
        this.store = store;
    }

    /** The sweep's plan, or empty if there is none or it cannot be read as one (logged). */
    public Optional<SweepPlan> load(String sweepId) {
        String key = ObjectKeys.sweepPlan(sweepId);
        Optional<String> json = store.readText(key);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            SweepPlan plan = SweepPlan.fromJson(json.get());
            if (!plan.sweepId().equals(sweepId)) {
                LOG.warnf("%s names sweep %s, not %s; ignored", key, plan.sweepId(), sweepId);
                return Optional.empty();
            }
            return Optional.of(plan);
        } catch (IllegalArgumentException e) {
            LOG.warnf("%s is not a sweep plan (%s); the sweep stays unplanned", key, e.getMessage());
            return Optional.empty();
        }
    }
}
