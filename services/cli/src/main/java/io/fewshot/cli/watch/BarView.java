package io.fewshot.cli.watch;

import io.fewshot.contracts.RunStatus;
import io.fewshot.contracts.events.Phase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for a terminal: one for the sweep (cells done of all) and one per cell while it
 * trains, which stays on screen when the cell ends, showing how it ended. Several bars at once need
 * a terminal that moves the cursor (progressbar's interactive consumer).
 */
public final class BarView implements SweepView {
    private final Supplier<ProgressBarConsumer> consumers;
    private final Map<String, ProgressBar> cellBars = new HashMap<>();
    private ProgressBar sweepBar;

    /** @param consumers where each bar renders, one consumer per bar */
    public BarView(Supplier<ProgressBarConsumer> consumers) {
        this.consumers = consumers;
    }

    @Override
    public void show(SweepState state, Update update) {
        if (sweepBar == null) {
            sweepBar = bar("sweep " + state.sweepId(), state.total(), "cells");
        }
        sweepBar.maxHint(Math.max(1, state.total()));
        sweepBar.stepTo(state.done());
        sweepBar.setExtraMessage(state.count(RunStatus.FAILED) > 0 ? state.count(RunStatus.FAILED) + " failed" : "");
        if (update.runId() == null) {
            return;
        }
        CellState c = state.cell(update.runId(), false);
        switch (update.kind()) {
            case PROGRESS -> {
                ProgressBar b = cellBars.computeIfAbsent(c.runId(), id -> bar(id, c.totalSteps(), "steps"));
                b.maxHint(c.totalSteps());
                b.stepTo(c.step());
                b.setExtraMessage(c.phase() == Phase.TRAIN ? "accuracy " + EventTable.pct(c.trainAccuracy()) + "%"
                        : c.phase().id());
            }
            case TRAINED, EVALUATED, FAILED -> {
                ProgressBar b = cellBars.remove(c.runId());
                if (b != null) {
                    if (c.status() != RunStatus.FAILED) {
                        b.stepTo(b.getMax());
                    }
                    b.setExtraMessage(c.status() == RunStatus.FAILED ? "FAILED " + c.failure() : c.status().id());
                    b.close();
                }
            }
            default -> {
            }
        }
    }

    private ProgressBar bar(String name, int max, String unit) {
        return new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, max))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).setUpdateIntervalMillis(500)
                .setConsumer(consumers.get()).build();
    }

    @Override
    public void close() {
        cellBars.values().forEach(ProgressBar::close);
        cellBars.clear();
        if (sweepBar != null) {
            sweepBar.close();
        }
    }
}
