package io.fewshot.registry.sweep;

import io.fewshot.contracts.sweep.PaperTable;
import io.fewshot.contracts.sweep.PaperTables;
import io.fewshot.contracts.sweep.TableRow;
import io.fewshot.contracts.RunStatus;
import io.fewshot.registry.db.Views.RunSummary;
import io.fewshot.registry.db.Views.SweepSummary;
import io.fewshot.registry.sweep.SweepTable.Cell;
import io.fewshot.registry.sweep.SweepTable.Column;
import io.fewshot.registry.sweep.SweepTable.Row;
import io.fewshot.registry.sweep.SweepTable.Table;
import io.fewshot.registry.sweep.SweepTable.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Places a sweep's runs into the paper's tables. */
public final class SweepTables {
    private SweepTables() {
    }

    public static SweepTable build(SweepSummary sweep, List<RunSummary> runs) {
        Map<String, RunSummary> byCell = new HashMap<>();
        List<RunSummary> others = new ArrayList<>();
        for (RunSummary run : runs) {
            if (run.row() == null || PaperTable.forDataset(run.dataset()).isEmpty()
                    || PaperTables.accuracyPercent(run.dataset(), TableRow.fromId(run.row()), run.way(), run.shot())
                            .isEmpty()) {
                others.add(run);
                continue;
            }
            byCell.merge(key(run.dataset(), run.row(), run.way(), run.shot()), run, SweepTables::preferred);
        }
        List<Table> tables = new ArrayList<>();
        for (PaperTable paper : PaperTable.values()) {
            List<Column> columns = paper.columns().stream()
                    .map(c -> new Column(c.label(), c.header(), c.way(), c.shot())).toList();
            List<Row> rows = new ArrayList<>();
            for (TableRow row : TableRow.values()) {
                List<Cell> cells = new ArrayList<>();
                for (Column column : columns) {
                    double paperFraction = PaperTables.accuracyPercent(paper.dataset(), row, column.way(),
                            column.shot()).getAsDouble() / 100.0;
                    cells.add(cell(column, paperFraction,
                            byCell.get(key(paper.dataset(), row.id(), column.way(), column.shot()))));
                }
                rows.add(new Row(row.id(), row.label(), cells));
            }
            tables.add(new Table(paper.number(), paper.title(), paper.dataset(), paper.split(), columns, rows));
        }
        return new SweepTable(sweep, tables, others);
    }

    private static Cell cell(Column column, double paper, RunSummary run) {
        if (run == null) {
            return new Cell(column.id(), paper, null, null, null, null, null, null, null, null, null);
        }
        if (run.status() != RunStatus.EVALUATED || run.accuracy() == null) {
            return new Cell(column.id(), paper, run.runId(), run.status(), null, null, null, null, null,
                    run.trainedSteps(), run.trainSeconds());
        }
        double difference = run.accuracy() - paper;
        return new Cell(column.id(), paper, run.runId(), run.status(), run.accuracy(), run.ci95(), run.ece(),
                difference, Verdict.of(difference, run.ci95()), run.trainedSteps(), run.trainSeconds());
    }

    /** Of two runs for one cell, the evaluated one; of two evaluated, the later. */
    private static RunSummary preferred(RunSummary a, RunSummary b) {
        Comparator<RunSummary> order = Comparator.comparingInt((RunSummary r) -> r.status().rank())
                .thenComparing(RunSummary::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder()));
        return order.compare(a, b) >= 0 ? a : b;
    }

    private static String key(String dataset, String row, int way, int shot) {
        return dataset + "|" + row + "|" + way + "|" + shot;
    }
}
