package io.fewshot.registry.ingest;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.ResultsRegistered;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.sweep.PaperTables;
import io.fewshot.contracts.sweep.TableRow;
import io.fewshot.registry.db.Database;
import io.fewshot.registry.db.RunQueries;
import io.fewshot.registry.db.RunWriter;
import io.fewshot.registry.db.Views.SweepSummary;
import io.fewshot.registry.io.EventPublisher;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * Sends {@code fsl.results.registered.v1} once per stored result. The result row remembers that it
 * was announced, so a replayed evaluation sends nothing, while one whose send failed is announced
 * when the message is retried.
 */
@Singleton
public class ResultAnnouncer {
    private static final Logger LOG = Logger.getLogger(ResultAnnouncer.class);

    private final Database db;
    private final RunQueries queries;
    private final EventPublisher publisher;

    @Inject
    public ResultAnnouncer(Database db, RunQueries queries, EventPublisher publisher) {
        this.db = db;
        this.queries = queries;
        this.publisher = publisher;
    }

    public void announceIfNew(EvaluationCompleted e) {
        if (!db.read(c -> RunWriter.needsAnnouncement(c, e.runId()))) {
            return;
        }
        Optional<TableRow> row = TableRow.find(e.spec());
        if (row.isPresent()) {
            publisher.publish(CloudEvent.of(Sources.REGISTRY, registered(e, row.get())));
        } else {
            LOG.infof("run %s fills no row of the paper's tables; its result is stored but not announced", e.runId());
        }
        db.inTransaction(c -> {
            RunWriter.markAnnounced(c, e.runId(), Instant.now());
            return null;
        });
    }

    private ResultsRegistered registered(EvaluationCompleted e, TableRow row) {
        SweepSummary sweep = queries.sweep(e.sweepId()).orElseThrow(
                () -> new IllegalStateException("sweep " + e.sweepId() + " vanished while registering " + e.runId()));
        // A run outside its sweep's plan is still this sweep's news: count it so the event stays consistent.
        int registered = Math.max(1, sweep.evaluated() + sweep.failed());
        int planned = Math.max(sweep.cells(), registered);
        OptionalDouble paper = PaperTables.accuracyFraction(e.spec());
        return new ResultsRegistered(e.runId(), e.sweepId(), e.spec().dataset(), e.spec().split(), e.spec().method(),
                row, e.spec().way(), e.spec().shot(), e.spec().innerSteps(), e.accuracy(), e.ci95(), e.ece(),
                paper.isPresent() ? paper.getAsDouble() : null, registered, planned);
    }
}
