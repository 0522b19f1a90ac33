package io.fewshot.contracts.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a profile into the cells of the paper's Tables 1 and 2: Omniglot (4 columns) and
 * miniImageNet (2 columns) times six rows, 36 runs, in table order (table, row, column).
 */
public final class SweepPlanner {
    private SweepPlanner() {
    }

    public static SweepPlan plan(Profile profile) {
        List<Cell> cells = new ArrayList<>();
        for (PaperTable table : PaperTable.values()) {
            for (TableRow row : TableRow.values()) {
                for (Column column : table.columns()) {
                    cells.add(Cell.of(SweepDefaults.spec(profile, table, row, column)));
                }
            }
        }
        return SweepPlan.of(profile, cells);
    }
}
