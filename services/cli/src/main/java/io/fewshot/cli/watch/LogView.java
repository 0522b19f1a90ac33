package io.fewshot.cli.watch;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress as plain lines, for CI logs and pipes: one line when a cell starts a phase and at each
 * quarter of it, one when it is trained, evaluated or failed. Every
 * line starts with the sweep's count, {@code [done/total]}.
 */
public final class LogView implements SweepView {
    private final PrintStream out;
    /** Per cell and phase, the last quarter (0-4) printed. */
    private final Map<String, Integer> quarters = new HashMap<>();

    public LogView(PrintStream out) {
        this.out = out;
    }

    @Override
    public void show(SweepState state, Update update) {
        if (update.kind() == Update.Kind.COMPLETED) {
            return; // the watch command prints the sweep's summary when it ends
        }
        String prefix = "[" + state.done() + "/" + state.total() + "] ";
        CellState c = state.cell(update.runId(), false);
        String line = switch (update.kind()) {
            case PROGRESS -> progress(c);
            case TRAINED -> "trained (" + c.step() + " steps)";
            case EVALUATED -> "evaluated: " + EventTable.pct(c.accuracy()) + "% ± " + EventTable.pct(c.ci95())
                    + (c.paperAccuracy() == null ? "" : " (paper " + EventTable.pct(c.paperAccuracy()) + "%)");
            case FAILED -> "FAILED in " + c.failure();
            default -> null;
        };
        if (line != null) {
            out.println(prefix + c.runId() + " " + line);
        }
    }

    private String progress(CellState c) {
        int quarter = c.totalSteps() == 0 ? 0 : 4 * c.step() / c.totalSteps();
        String key = c.runId() + "/" + c.phase();
        Integer last = quarters.get(key);
        if (last != null && quarter <= last) {
            return null;
        }
        quarters.put(key, quarter);
        return String.format(Locale.ROOT, "%s %d/%d steps%s", c.phase().id(), c.step(), c.totalSteps(),
                c.trainAccuracy() == null ? "" : ", accuracy " + EventTable.pct(c.trainAccuracy()) + "%");
    }

    @Override
    public void close() {
        out.flush();
    }
}
