package io.fewshot.registry.db;

import io.fewshot.contracts.RunStatus;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.sweep.PaperTables;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.contracts.sweep.TableRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Every write the event handler makes, each idempotent by its key (run id; run id and step; sweep
 * id and run id): applying an event twice leaves the same rows as applying it once.
 */
public final class RunWriter {
    private RunWriter() {
    }

    /** Records the sweep if it is new; true if it was. */
    public static boolean ensureSweep(Connection c, String sweepId, Instant now) throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM sweeps WHERE sweep_id = ?", sweepId) > 0) {
            return false;
        }
        Sql.update(c, "INSERT INTO sweeps (sweep_id, first_seen_at) VALUES (?, ?)", sweepId, now);
        return true;
    }

    public static boolean isPlanned(Connection c, String sweepId) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM sweeps WHERE sweep_id = ? AND cells_planned IS NOT NULL",
                sweepId) > 0;
    }

    /** Stores a sweep's plan: its profile, its cell count and every planned cell (as a planned run). */
    public static void setPlan(Connection c, SweepPlan plan, Instant now) throws SQLException {
        Sql.update(c, "UPDATE sweeps SET profile = ?, cells_planned = ? WHERE sweep_id = ?",
                plan.profile().id(), plan.cells().size(), plan.sweepId());
        for (var cell : plan.cells()) {
            if (Sql.update(c, "UPDATE sweep_cells SET planned = TRUE WHERE sweep_id = ? AND run_id = ?",
                    plan.sweepId(), cell.runId()) == 0) {
                Sql.update(c, "INSERT INTO sweep_cells (sweep_id, run_id, planned) VALUES (?, ?, TRUE)",
                        plan.sweepId(), cell.runId());
            }
            advance(c, cell.spec(), RunStatus.PLANNED, now);
        }
    }

    /** Records that the run belongs to the sweep (unplanned unless the plan lists it). */
    public static void addCell(Connection c, String sweepId, String runId) throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM sweep_cells WHERE sweep_id = ? AND run_id = ?", sweepId, runId) == 0) {
            Sql.update(c, "INSERT INTO sweep_cells (sweep_id, run_id, planned) VALUES (?, ?, FALSE)", sweepId, runId);
        }
    }

    /**
     * Creates the run if it is new and moves its status up to {@code status}; a status at or below
     * the current one changes nothing. True if anything changed.
     */
    public static boolean advance(Connection c, RunSpec spec, RunStatus status, Instant now) throws SQLException {
        String runId = spec.runId();
        if (Sql.count(c, "SELECT COUNT(*) FROM runs WHERE run_id = ?", runId) == 0) {
            String row = TableRow.find(spec).map(TableRow::id).orElse(null);
            Sql.update(c, "INSERT INTO runs (run_id, dataset, split, method, table_row, way, shot, inner_steps,"
                    + " spec_json, status, status_rank, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    runId, spec.dataset(), spec.split(), spec.method().id(), row, spec.way(), spec.shot(),
                    spec.innerSteps(), spec.toJson(), status.id(), status.rank(), now, now);
            return true;
        }
        return advance(c, runId, status, now);
    }

    /** Moves an existing run's status up; false if the run is unknown or already at or past it. */
    public static boolean advance(Connection c, String runId, RunStatus status, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE runs SET status = ?, status_rank = ?, updated_at = ?"
                + " WHERE run_id = ? AND status_rank < ?", status.id(), status.rank(), now, runId, status.rank()) > 0;
    }

    /** One learning-curve point; false if this (run, phase, step) is already stored. */
    public static boolean addCurvePoint(Connection c, TrainingProgress p) throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM learning_curve WHERE run_id = ? AND phase = ? AND step = ?",
                p.runId(), p.phase().id(), p.step()) > 0) {
            return false;
        }
        Sql.update(c, "INSERT INTO learning_curve (run_id, phase, step, total_steps, loss, accuracy,"
                + " validation_accuracy) VALUES (?, ?, ?, ?, ?, ?, ?)", p.runId(), p.phase().id(), p.step(),
                p.totalSteps(), p.loss(), p.accuracy(), p.validationAccuracy());
        return true;
    }

    public static void setTraining(Connection c, TrainingCompleted e) throws SQLException {
        Sql.update(c, "UPDATE runs SET trained_steps = ?, stopped_by = ?, train_seconds = ?, best_val_accuracy = ?"
                + " WHERE run_id = ?", e.steps(), e.stoppedBy().id(), e.wallSeconds(), e.bestValAccuracy(), e.runId());
    }

    public static void setFailure(Connection c, TrainingFailed e) throws SQLException {
        Sql.update(c, "UPDATE runs SET failure_stage = ?, failure_reason = ?, failure_retryable = ?,"
                + " trained_steps = COALESCE(?, trained_steps) WHERE run_id = ?", e.stage().id(),
                truncate(e.reason(), 4000), e.retryable(), e.step(), e.runId());
    }

    /** Stores the evaluation with its reliability bins; false if the run already has one. */
    public static boolean addResult(Connection c, EvaluationCompleted e, EvalDocument doc, Instant now)
            throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM results WHERE run_id = ?", e.runId()) > 0) {
            return false;
        }
        OptionalDouble paper = PaperTables.accuracyFraction(e.spec());
        Sql.update(c, "INSERT INTO results (run_id, episodes, accuracy, ci95, ece, mce, nll, brier, calibration_bins,"
                + " paper_accuracy, provenance_json, evaluated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.runId(), e.episodes(), e.accuracy(), e.ci95(), e.ece(), e.mce(), e.nll(), e.brier(),
                e.calibrationBins(), paper.isPresent() ? paper.getAsDouble() : null, doc.provenanceJson(), now);
        List<EvalDocument.Bin> bins = doc.bins();
        for (int i = 0; i < bins.size(); i++) {
            EvalDocument.Bin b = bins.get(i);
            Sql.update(c, "INSERT INTO reliability_bins (run_id, bin_index, lower_edge, upper_edge, predictions,"
                    + " confidence, accuracy) VALUES (?, ?, ?, ?, ?, ?, ?)", e.runId(), i, b.lower(), b.upper(),
                    b.count(), b.confidence(), b.accuracy());
        }
        return true;
    }

    /** True if the run's result was stored but its fsl.results.registered.v1 not yet sent. */
    public static boolean needsAnnouncement(Connection c, String runId) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM results WHERE run_id = ? AND announced_at IS NULL", runId) > 0;
    }

    public static void markAnnounced(Connection c, String runId, Instant now) throws SQLException {
        Sql.update(c, "UPDATE results SET announced_at = ? WHERE run_id = ?", now, runId);
    }

    public static void markCompleted(Connection c, String sweepId, String closedBy, Instant now) throws SQLException {
        Sql.update(c, "UPDATE sweeps SET completed_at = ?, closed_by = ? WHERE sweep_id = ? AND completed_at IS NULL",
                now, closedBy, sweepId);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
