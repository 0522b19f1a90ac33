package io.fewshot.registry.db;

import io.fewshot.contracts.RunStatus;
import io.fewshot.registry.db.Views.CurvePoint;
import io.fewshot.registry.db.Views.Evaluation;
import io.fewshot.registry.db.Views.LeaderboardEntry;
import io.fewshot.registry.db.Views.LeaderboardGroup;
import io.fewshot.registry.db.Views.Page;
import io.fewshot.registry.db.Views.ReliabilityBin;
import io.fewshot.registry.db.Views.RunDetail;
import io.fewshot.registry.db.Views.RunSummary;
import io.fewshot.registry.db.Views.SweepSummary;
import io.fewshot.registry.db.Views.Training;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read side. Optional filters are written once into fixed SQL as
 * {@code (CAST(? AS type) IS NULL OR column = ?)}, so no statement is ever assembled from input.
 */
@Singleton
public class RunQueries {
    private static final String SUMMARY_COLUMNS = "r.run_id, r.dataset, r.split, r.method, r.table_row, r.way,"
            + " r.shot, r.inner_steps, r.status, r.updated_at, r.failure_stage, r.failure_reason, x.accuracy,"
            + " x.ci95, x.ece, x.paper_accuracy, r.trained_steps, r.train_seconds";

    private static final String RUN_FILTER = " FROM runs r LEFT JOIN results x ON x.run_id = r.run_id WHERE"
            + " (CAST(? AS VARCHAR(128)) IS NULL OR EXISTS (SELECT 1 FROM sweep_cells c"
            + " WHERE c.run_id = r.run_id AND c.sweep_id = ?))"
            + " AND (CAST(? AS VARCHAR(128)) IS NULL OR r.dataset = ?)"
            + " AND (CAST(? AS VARCHAR(32)) IS NULL OR r.method = ?)"
            + " AND (CAST(? AS VARCHAR(16)) IS NULL OR r.status = ?)";

    private static final String SWEEP_SELECT = "SELECT s.sweep_id, s.profile, s.cells_planned, s.first_seen_at,"
            + " s.completed_at, s.closed_by,"
            + " (SELECT COUNT(*) FROM sweep_cells c WHERE c.sweep_id = s.sweep_id"
            + "   AND (s.cells_planned IS NULL OR c.planned = TRUE)) AS cells_known,"
            + " (SELECT COUNT(*) FROM sweep_cells c JOIN runs r ON r.run_id = c.run_id WHERE c.sweep_id = s.sweep_id"
            + "   AND (s.cells_planned IS NULL OR c.planned = TRUE) AND r.status = 'evaluated') AS evaluated,"
            + " (SELECT COUNT(*) FROM sweep_cells c JOIN runs r ON r.run_id = c.run_id WHERE c.sweep_id = s.sweep_id"
            + "   AND (s.cells_planned IS NULL OR c.planned = TRUE) AND r.status = 'failed') AS failed,"
            + " (SELECT COUNT(*) FROM sweep_cells c JOIN runs r ON r.run_id = c.run_id WHERE c.sweep_id = s.sweep_id"
            + "   AND (s.cells_planned IS NULL OR c.planned = TRUE) AND r.status IN ('training', 'trained')) AS running"
            + " FROM sweeps s WHERE (CAST(? AS VARCHAR(128)) IS NULL OR s.sweep_id = ?)"
            + " ORDER BY s.first_seen_at DESC, s.sweep_id";

    private final Database db;

    @Inject
    public RunQueries(Database db) {
        this.db = db;
    }

    /** Runs matching every given filter (null = any), most recently updated first. */
    public Page<RunSummary> runs(String sweep, String dataset, String method, String status, int page, int size) {
        Object[] filter = {sweep, sweep, dataset, dataset, method, method, status, status};
        return db.read(c -> {
            long total = Sql.count(c, "SELECT COUNT(*)" + RUN_FILTER, filter);
            Object[] paged = new Object[filter.length + 2];
            System.arraycopy(filter, 0, paged, 0, filter.length);
            paged[filter.length] = page * size;
            paged[filter.length + 1] = size;
            List<RunSummary> items = Sql.list(c, "SELECT " + SUMMARY_COLUMNS + RUN_FILTER
                    + " ORDER BY r.updated_at DESC, r.run_id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                    RunQueries::summary, paged);
            return new Page<>(page, size, total, items);
        });
    }

    public Optional<RunDetail> run(String runId) {
        return db.read(c -> Sql.one(c, "SELECT " + SUMMARY_COLUMNS + ", r.spec_json, r.stopped_by,"
                + " r.best_val_accuracy" + RUN_FILTER + " AND r.run_id = ?",
                rs -> detail(c, rs), null, null, null, null, null, null, null, null, runId));
    }

    /** Every run of a sweep with its headline result (planned cells included). */
    public List<RunSummary> sweepRuns(String sweepId) {
        return db.read(c -> Sql.list(c, "SELECT " + SUMMARY_COLUMNS + RUN_FILTER + " ORDER BY r.run_id",
                RunQueries::summary, sweepId, sweepId, null, null, null, null, null, null));
    }

    public List<SweepSummary> sweeps() {
        return db.read(c -> Sql.list(c, SWEEP_SELECT, RunQueries::sweep, null, null));
    }

    public Optional<SweepSummary> sweep(String sweepId) {
        return db.read(c -> Sql.one(c, SWEEP_SELECT, RunQueries::sweep, sweepId, sweepId));
    }

    /** Evaluated runs ranked by accuracy within each (dataset, way, shot), at most {@code limit} per group. */
    public List<LeaderboardGroup> leaderboard(String dataset, Integer way, Integer shot, int limit) {
        List<RunSummary> ranked = db.read(c -> Sql.list(c, "SELECT " + SUMMARY_COLUMNS
                + " FROM runs r JOIN results x ON x.run_id = r.run_id"
                + " WHERE (CAST(? AS VARCHAR(128)) IS NULL OR r.dataset = ?)"
                + " AND (CAST(? AS INTEGER) IS NULL OR r.way = ?) AND (CAST(? AS INTEGER) IS NULL OR r.shot = ?)"
                + " ORDER BY r.dataset, r.way, r.shot, x.accuracy DESC, r.run_id",
                RunQueries::summary, dataset, dataset, way, way, shot, shot));
        List<LeaderboardGroup> groups = new ArrayList<>();
        List<LeaderboardEntry> current = null;
        RunSummary head = null;
        for (RunSummary r : ranked) {
            if (head == null || !head.dataset().equals(r.dataset()) || head.way() != r.way() || head.shot() != r.shot()) {
                head = r;
                current = new ArrayList<>();
                groups.add(new LeaderboardGroup(r.dataset(), r.way(), r.shot(), current));
            }
            if (current.size() < limit) {
                current.add(new LeaderboardEntry(current.size() + 1, r.runId(), r.dataset(), r.method(), r.row(),
                        r.way(), r.shot(), r.innerSteps(), r.accuracy(), r.ci95(), r.ece(), r.paperAccuracy()));
            }
        }
        return groups;
    }

    private static RunSummary summary(ResultSet rs) throws SQLException {
        return new RunSummary(rs.getString("run_id"), rs.getString("dataset"), rs.getString("split"),
                rs.getString("method"), rs.getString("table_row"), rs.getInt("way"), rs.getInt("shot"),
                rs.getInt("inner_steps"), RunStatus.of(rs.getString("status")), Sql.instantOrNull(rs, "updated_at"),
                Sql.doubleOrNull(rs, "accuracy"), Sql.doubleOrNull(rs, "ci95"), Sql.doubleOrNull(rs, "ece"),
                Sql.doubleOrNull(rs, "paper_accuracy"), rs.getString("failure_stage"), rs.getString("failure_reason"),
                Sql.intOrNull(rs, "trained_steps"), Sql.doubleOrNull(rs, "train_seconds"));
    }

    private static SweepSummary sweep(ResultSet rs) throws SQLException {
        Integer planned = Sql.intOrNull(rs, "cells_planned");
        return new SweepSummary(rs.getString("sweep_id"), rs.getString("profile"), planned != null,
                planned != null ? planned : rs.getInt("cells_known"), rs.getInt("evaluated"), rs.getInt("failed"),
                rs.getInt("running"), Sql.instantOrNull(rs, "first_seen_at"), Sql.instantOrNull(rs, "completed_at"),
                rs.getString("closed_by"));
    }

    private static RunDetail detail(Connection c, ResultSet rs) throws SQLException {
        RunSummary run = summary(rs);
        String spec = rs.getString("spec_json");
        Training training = new Training(Sql.intOrNull(rs, "trained_steps"), rs.getString("stopped_by"),
                Sql.doubleOrNull(rs, "train_seconds"), Sql.doubleOrNull(rs, "best_val_accuracy"));
        String id = run.runId();
        List<String> sweeps = Sql.list(c, "SELECT sweep_id FROM sweep_cells WHERE run_id = ? ORDER BY sweep_id",
                r -> r.getString(1), id);
        Optional<Evaluation> evaluation = Sql.one(c, "SELECT * FROM results WHERE run_id = ?",
                r -> new Evaluation(r.getInt("episodes"), r.getDouble("accuracy"), r.getDouble("ci95"),
                        r.getDouble("ece"), r.getDouble("mce"), r.getDouble("nll"), r.getDouble("brier"),
                        r.getInt("calibration_bins"), Sql.doubleOrNull(r, "paper_accuracy"),
                        Sql.instantOrNull(r, "evaluated_at")), id);
        String provenance = Sql.one(c, "SELECT provenance_json FROM results WHERE run_id = ?", r -> r.getString(1), id)
                .orElse(null);
        List<CurvePoint> curve = Sql.list(c, "SELECT phase, step, total_steps, loss, accuracy, validation_accuracy"
                + " FROM learning_curve WHERE run_id = ? ORDER BY phase, step",
                r -> new CurvePoint(r.getString("phase"), r.getInt("step"), r.getInt("total_steps"),
                        r.getDouble("loss"), r.getDouble("accuracy"), Sql.doubleOrNull(r, "validation_accuracy")), id);
        List<ReliabilityBin> bins = Sql.list(c, "SELECT lower_edge, upper_edge, predictions, confidence, accuracy"
                + " FROM reliability_bins WHERE run_id = ? ORDER BY bin_index",
                r -> new ReliabilityBin(r.getDouble(1), r.getDouble(2), r.getLong(3), Sql.doubleOrNull(r, "confidence"),
                        Sql.doubleOrNull(r, "accuracy")),
                id);
        return new RunDetail(run, spec, sweeps, training, evaluation.orElse(null), curve, bins, provenance);
    }
}
