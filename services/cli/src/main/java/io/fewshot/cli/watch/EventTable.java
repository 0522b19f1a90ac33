package io.fewshot.cli.watch;

import io.fewshot.contracts.RunStatus;
import io.fewshot.contracts.sweep.Column;
import io.fewshot.contracts.sweep.PaperTable;
import io.fewshot.contracts.sweep.PaperTables;
import io.fewshot.contracts.sweep.SpentBudget;
import io.fewshot.contracts.sweep.TableRow;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sweep's tables from what a watcher saw, for when the registry cannot be asked: the paper's
 * layout (rows = methods, columns = N-way K-shot), our accuracy ± 95% CI beside the paper's, in
 * percent as the paper prints them, and the training behind ours. Only the tables of datasets the sweep has cells in.
 */
public final class EventTable {
    private EventTable() {
    }

    public static String markdown(SweepState state) {
        StringBuilder out = new StringBuilder("# Sweep ").append(state.sweepId()).append(" (from its events)\n\n")
                .append(capitalise(state.summary())).append(".\nEach cell: our accuracy (%) ± 95% CI; the paper's;"
                        + " the training behind ours (steps reached, time).\n");
        for (PaperTable table : PaperTable.values()) {
            if (state.cells().stream().noneMatch(c -> table.dataset().equals(c.dataset()))) {
                continue;
            }
            out.append("\n## Table ").append(table.number()).append(": ").append(table.title()).append(" (")
                    .append(table.split()).append(" split)\n\n| Method |");
            table.columns().forEach(c -> out.append(' ').append(c.header()).append(" |"));
            out.append("\n|---|").append("---|".repeat(table.columns().size())).append('\n');
            for (TableRow row : TableRow.values()) {
                out.append("| ").append(row.label()).append(" |");
                for (Column column : table.columns()) {
                    out.append(' ').append(cellText(state, table, row, column)).append(" |");
                }
                out.append('\n');
            }
        }
        List<CellState> failed = state.cells().stream().filter(c -> c.status() == RunStatus.FAILED).toList();
        if (!failed.isEmpty()) {
            out.append("\n## Failed cells\n\n");
            failed.forEach(c -> out.append("- ").append(c.runId()).append(": ").append(c.failure()).append('\n'));
        }
        return out.toString();
    }

    private static String cellText(SweepState state, PaperTable table, TableRow row, Column column) {
        String paper = PaperTables.accuracyPercent(table.dataset(), row, column.way(), column.shot()).stream()
                .mapToObj(p -> "paper " + String.format(Locale.ROOT, "%.1f", p)).findFirst().orElse("");
        Optional<CellState> cell = state.cells().stream()
                .filter(c -> table.dataset().equals(c.dataset()) && c.row() == row && c.way() == column.way()
                        && c.shot() == column.shot())
                .findFirst();
        if (cell.isEmpty()) {
            return "— (not in sweep); " + paper;
        }
        CellState c = cell.get();
        String budget = c.trainSeconds() == null ? "" : "; " + SpentBudget.describe(c.step(), c.trainSeconds());
        if (c.status() == RunStatus.EVALUATED && c.accuracy() != null) {
            return pct(c.accuracy()) + " ± " + pct(c.ci95()) + "; " + paper + budget;
        }
        return "— (" + c.status().id() + "); " + paper + budget;
    }

    static String pct(Double fraction) {
        return fraction == null ? "?" : String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
