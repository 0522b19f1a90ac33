package io.fewshot.registry.sweep;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.ObjectKeys.TableFormat;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.SweepCompleted;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.registry.db.Database;
import io.fewshot.registry.db.RunQueries;
import io.fewshot.registry.db.RunWriter;
import io.fewshot.registry.db.Views.SweepSummary;
import io.fewshot.registry.io.EventPublisher;
import io.fewshot.registry.io.ObjectStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Closes a sweep: writes its tables to {@code sweeps/<id>/table.{md,csv,html}}, announces
 * {@code fsl.sweep.completed.v1}, and only then marks it completed, so a crash in between is
 * repaired by the next event (the tables are rewritten, the event may be sent twice).
 */
@Singleton
public class SweepCloser {
    private static final Logger LOG = Logger.getLogger(SweepCloser.class);
    public static final String BY_CELLS = "cells";
    public static final String BY_OPERATOR = "operator";

    private final Database db;
    private final RunQueries queries;
    private final ObjectStore store;
    private final EventPublisher publisher;

    @Inject
    public SweepCloser(Database db, RunQueries queries, ObjectStore store, EventPublisher publisher) {
        this.db = db;
        this.queries = queries;
        this.store = store;
        this.publisher = publisher;
    }

    /** The sweep's current table (for the API and for closing). */
    public Optional<SweepTable> table(String sweepId) {
        return queries.sweep(sweepId).map(s -> SweepTables.build(s, queries.sweepRuns(sweepId)));
    }

    /** Closes the sweep if it has a plan, is still open and every planned cell is evaluated or failed. */
    public boolean closeIfComplete(String sweepId) {
        Optional<SweepSummary> sweep = queries.sweep(sweepId);
        if (sweep.isEmpty() || !sweep.get().planned() || sweep.get().completedAt() != null
                || sweep.get().pending() > 0) {
            return false;
        }
        close(sweepId, BY_CELLS);
        return true;
    }

    /**
     * Writes the tables and announces the sweep, whatever is still pending (an operator's close of a
     * sweep whose last cells will never report). Needs the sweep's plan: the event names its profile.
     */
    public SweepCompleted close(String sweepId, String closedBy) {
        SweepTable table = table(sweepId).orElseThrow(() -> new IllegalStateException("unknown sweep " + sweepId));
        SweepSummary s = table.sweep();
        if (!s.planned()) {
            throw new IllegalStateException("sweep " + sweepId + " has no plan (" + ObjectKeys.sweepPlan(sweepId)
                    + " was not found), so its cells and profile are unknown");
        }
        store.writeText(ObjectKeys.sweepTable(sweepId, TableFormat.MD), TableRenderer.markdown(table),
                "text/markdown; charset=utf-8");
        store.writeText(ObjectKeys.sweepTable(sweepId, TableFormat.CSV), TableRenderer.csv(table),
                "text/csv; charset=utf-8");
        store.writeText(ObjectKeys.sweepTable(sweepId, TableFormat.HTML), TableRenderer.html(table),
                "text/html"); // with "; charset=utf-8", S3Proxy's Jetty rewrites the header and the signature fails
        List<String> keys = List.of(TableFormat.values()).stream().map(f -> ObjectKeys.sweepTable(sweepId, f)).toList();
        SweepCompleted done = new SweepCompleted(sweepId, Profile.fromId(s.profile()), s.cells(), s.evaluated(),
                s.failed(), keys);
        publisher.publish(CloudEvent.of(Sources.REGISTRY, done));
        db.inTransaction(c -> {
            RunWriter.markCompleted(c, sweepId, closedBy, Instant.now());
            return null;
        });
        LOG.infof("sweep %s completed (%s): %d evaluated, %d failed of %d; tables in %s", sweepId, closedBy,
                s.evaluated(), s.failed(), s.cells(), ObjectKeys.sweepPrefix(sweepId));
        return done;
    }
}
