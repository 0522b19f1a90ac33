package io.fewshot.cli.watch;

import io.fewshot.contracts.RunStatus;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.ResultsRegistered;
import io.fewshot.contracts.events.SweepCompleted;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.SweepPlan;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One sweep as its events tell it: every cell's status and numbers, and whether the sweep is
 * complete. Events of other sweeps are ignored, so a watcher can read whole topics.
 */
public final class SweepState {
    private final String sweepId;
    private final Map<String, CellState> cells = new LinkedHashMap<>();
    private int plannedCells;
    private String profile;
    private SweepCompleted completed;

    public SweepState(String sweepId) {
        this.sweepId = sweepId;
    }

    /** The cells of the sweep's plan, when it has one (sweeps/<id>/plan.json). */
    public void plan(SweepPlan plan) {
        profile = plan.profile().id();
        plannedCells = Math.max(plannedCells, plan.cells().size());
        for (Cell c : plan.cells()) {
            cell(c.runId()).place(c.spec());
        }
    }

    /** Applies one event; empty when it is about another sweep or changes nothing worth showing. */
    public Optional<Update> apply(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof TrainingRequested r && mine(r.sweepId())) {
            CellState c = cell(r.runId());
            c.place(r.spec());
            return c.advance(RunStatus.REQUESTED) ? update(Update.Kind.REQUESTED, c) : Optional.empty();
        }
        if (data instanceof TrainingProgress p && mine(p.sweepId())) {
            CellState c = cell(p.runId());
            if (c.status().compareTo(RunStatus.TRAINING) > 0) {
                return Optional.empty();
            }
            c.advance(RunStatus.TRAINING);
            c.phase = p.phase();
            c.step = p.step();
            c.totalSteps = p.totalSteps();
            c.trainAccuracy = p.accuracy();
            return update(Update.Kind.PROGRESS, c);
        }
        if (data instanceof TrainingCompleted t && mine(t.sweepId())) {
            CellState c = cell(t.runId());
            c.place(t.spec());
            if (c.advance(RunStatus.TRAINED)) {
                c.step = t.steps();
                c.totalSteps = Math.max(c.totalSteps, t.steps());
                c.trainSeconds = t.wallSeconds();
                return update(Update.Kind.TRAINED, c);
            }
            return Optional.empty();
        }
        if (data instanceof TrainingFailed f && mine(f.sweepId())) {
            CellState c = cell(f.runId());
            c.place(f.spec());
            if (c.advance(RunStatus.FAILED)) {
                c.failure = f.stage().id() + ": " + f.reason();
                return update(Update.Kind.FAILED, c);
            }
            return Optional.empty();
        }
        if (data instanceof EvaluationCompleted e && mine(e.sweepId())) {
            CellState c = cell(e.runId());
            c.place(e.spec());
            c.accuracy = e.accuracy();
            c.ci95 = e.ci95();
            return c.advance(RunStatus.EVALUATED) ? update(Update.Kind.EVALUATED, c) : Optional.empty();
        }
        if (data instanceof ResultsRegistered r && mine(r.sweepId())) {
            plannedCells = Math.max(plannedCells, r.cellsPlanned());
            CellState c = cell(r.runId());
            c.dataset = r.dataset();
            c.row = r.row();
            c.way = r.way();
            c.shot = r.shot();
            c.accuracy = r.accuracy();
            c.ci95 = r.ci95();
            if (r.paperAccuracy() != null) {
                c.paperAccuracy = r.paperAccuracy();
            }
            return c.advance(RunStatus.EVALUATED) ? update(Update.Kind.EVALUATED, c) : Optional.empty();
        }
        if (data instanceof SweepCompleted s && mine(s.sweepId()) && completed == null) {
            completed = s;
            profile = s.profile().id();
            plannedCells = Math.max(plannedCells, s.cells());
            return Optional.of(new Update(Update.Kind.COMPLETED, null));
        }
        return Optional.empty();
    }

    private boolean mine(String id) {
        return sweepId.equals(id);
    }

    private CellState cell(String runId) {
        return cells.computeIfAbsent(runId, CellState::new);
    }

    private static Optional<Update> update(Update.Kind kind, CellState c) {
        return Optional.of(new Update(kind, c.runId()));
    }

    public String sweepId() {
        return sweepId;
    }

    /** The profile, once the plan or the completion event has named it. */
    public String profile() {
        return profile;
    }

    public boolean isCompleted() {
        return completed != null;
    }

    public Optional<SweepCompleted> completion() {
        return Optional.ofNullable(completed);
    }

    public Collection<CellState> cells() {
        return cells.values();
    }

    public CellState cell(String runId, boolean create) {
        return create ? cell(runId) : cells.get(runId);
    }

    /** Cells in the sweep, as far as known: the plan's count, or the cells seen so far if more. */
    public int total() {
        return Math.max(plannedCells, cells.size());
    }

    public long count(RunStatus status) {
        return cells.values().stream().filter(c -> c.status() == status).count();
    }

    /** Cells evaluated or failed. */
    public long done() {
        return cells.values().stream().filter(c -> c.status().isFinal()).count();
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "sweep %s%s: %d cells, %d evaluated, %d failed, %d pending",
                sweepId, profile == null ? "" : " (" + profile + " profile)", total(), count(RunStatus.EVALUATED),
                count(RunStatus.FAILED), total() - done());
    }
}
