package io.fewshot.registry.ingest;

import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.EventData;
import io.fewshot.contracts.events.EventKind;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.registry.db.Database;
import io.fewshot.registry.db.EvalDocument;
import io.fewshot.contracts.RunStatus;
import io.fewshot.registry.db.RunWriter;
import io.fewshot.registry.db.Sql;
import io.fewshot.registry.io.ObjectStore;
import io.fewshot.registry.sweep.SweepCloser;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies one event to the database, idempotently by its key, then does what follows from it:
 * announcing a new result and closing a sweep whose cells are all in. A message that is not a valid
 * event throws {@link IllegalArgumentException} (it belongs on the DLQ); a failing database, bucket or
 * broker throws anything else (worth a retry).
 */
@Singleton
public class EventHandler {
    private static final Logger LOG = Logger.getLogger(EventHandler.class);

    private final Database db;
    private final ObjectStore store;
    private final PlanLoader plans;
    private final SweepCloser closer;
    private final ResultAnnouncer announcer;

    @Inject
    public EventHandler(Database db, ObjectStore store, PlanLoader plans, SweepCloser closer,
            ResultAnnouncer announcer) {
        this.db = db;
        this.store = store;
        this.plans = plans;
        this.closer = closer;
        this.announcer = announcer;
    }

    /** The topics the registry consumes. */
    public static List<String> topics() {
        return List.of(EventKind.TRAINING_REQUESTED, EventKind.TRAINING_PROGRESS, EventKind.TRAINING_COMPLETED,
                EventKind.TRAINING_FAILED, EventKind.EVALUATION_COMPLETED).stream().map(EventKind::topic).toList();
    }

    public void handle(String topic, byte[] value) {
        EventKind kind = EventKind.ofTopic(topic);
        CloudEvent<? extends EventData> event = EventCodec.decode(value, kind.dataClass());
        EventData data = event.data();
        if (data instanceof TrainingRequested e) {
            requested(e);
        } else if (data instanceof TrainingProgress e) {
            progress(e);
        } else if (data instanceof TrainingCompleted e) {
            completed(e);
        } else if (data instanceof TrainingFailed e) {
            failed(e);
        } else if (data instanceof EvaluationCompleted e) {
            evaluated(e);
        } else {
            throw new IllegalArgumentException("the registry does not consume " + kind.type());
        }
    }

    private void requested(TrainingRequested e) {
        Optional<SweepPlan> plan = planIfUnknown(e.sweepId(), true);
        write(e.sweepId(), e.runId(), plan, c -> RunWriter.advance(c, e.spec(), RunStatus.REQUESTED, Instant.now()));
    }

    private void progress(TrainingProgress e) {
        Optional<SweepPlan> plan = planIfUnknown(e.sweepId(), false);
        write(e.sweepId(), e.runId(), plan, c -> {
            RunWriter.addCurvePoint(c, e);
            RunWriter.advance(c, e.runId(), RunStatus.TRAINING, Instant.now());
        });
    }

    private void completed(TrainingCompleted e) {
        Optional<SweepPlan> plan = planIfUnknown(e.sweepId(), true);
        write(e.sweepId(), e.runId(), plan, c -> {
            RunWriter.advance(c, e.spec(), RunStatus.TRAINED, Instant.now());
            RunWriter.setTraining(c, e);
        });
    }

    private void failed(TrainingFailed e) {
        Optional<SweepPlan> plan = planIfUnknown(e.sweepId(), true);
        write(e.sweepId(), e.runId(), plan, c -> {
            if (RunWriter.advance(c, e.spec(), RunStatus.FAILED, Instant.now())) {
                RunWriter.setFailure(c, e);
            }
        });
        closeSweepsOf(e.runId());
    }

    private void evaluated(EvaluationCompleted e) {
        EvalDocument doc = store.readText(e.evalKey()).map(EvalDocument::parse).orElseGet(() -> {
            LOG.warnf("%s is missing: result of %s stored without reliability bins and provenance", e.evalKey(),
                    e.runId());
            return EvalDocument.missing();
        });
        Optional<SweepPlan> plan = planIfUnknown(e.sweepId(), true);
        write(e.sweepId(), e.runId(), plan, c -> {
            RunWriter.advance(c, e.spec(), RunStatus.EVALUATED, Instant.now());
            RunWriter.addResult(c, e, doc, Instant.now());
        });
        announcer.announceIfNew(e);
        closeSweepsOf(e.runId());
    }

    /** Reads plan.json when the sweep has none yet; progress events look only for a sweep never seen. */
    private Optional<SweepPlan> planIfUnknown(String sweepId, boolean evenIfKnown) {
        boolean[] known = new boolean[2];
        db.read(c -> {
            known[0] = Sql.count(c, "SELECT COUNT(*) FROM sweeps WHERE sweep_id = ?", sweepId) > 0;
            known[1] = RunWriter.isPlanned(c, sweepId);
            return null;
        });
        boolean look = !known[1] && (!known[0] || evenIfKnown);
        return look ? plans.load(sweepId) : Optional.empty();
    }

    private void write(String sweepId, String runId, Optional<SweepPlan> plan, Change change) {
        db.inTransaction(c -> {
            Instant now = Instant.now();
            RunWriter.ensureSweep(c, sweepId, now);
            if (plan.isPresent() && !RunWriter.isPlanned(c, sweepId)) {
                RunWriter.setPlan(c, plan.get(), now);
            }
            RunWriter.addCell(c, sweepId, runId);
            change.apply(c);
            return null;
        });
    }

    private void closeSweepsOf(String runId) {
        List<String> sweeps = db.read(c -> Sql.list(c, "SELECT sweep_id FROM sweep_cells WHERE run_id = ?",
                rs -> rs.getString(1), runId));
        sweeps.forEach(closer::closeIfComplete);
    }

    @FunctionalInterface
    private interface Change {
        void apply(Connection c) throws SQLException;
    }
}
