package io.fewshot.contracts.sweep;

import io.fewshot.contracts.RunSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The accuracies the paper reports (%), transcribed from its Tables 1 and 2 (METHOD.md), so the
 * registry and the CLI can print ours beside theirs. Values are kept as printed: percent, one decimal.
 */
public final class PaperTables {
    private static final Map<PaperTable, Map<TableRow, double[]>> PERCENT = new EnumMap<>(PaperTable.class);

    static {
        // Table 1, Omniglot: columns 5w1s, 5w5s, 20w1s, 20w5s.
        Map<TableRow, double[]> omniglot = new EnumMap<>(TableRow.class);
        omniglot.put(TableRow.MATCHING_NETS, new double[] {98.1, 98.9, 93.8, 98.7});
        omniglot.put(TableRow.PROTO_NETS, new double[] {98.8, 99.7, 96.0, 98.9});
        omniglot.put(TableRow.MAML, new double[] {98.7, 99.9, 95.8, 98.9});
        omniglot.put(TableRow.META_SGD, new double[] {99.5, 99.9, 95.9, 98.9});
        omniglot.put(TableRow.AMORTIZED_BNN_1, new double[] {68.5, 72.6, 29.3, 34.0});
        omniglot.put(TableRow.AMORTIZED_BNN_5, new double[] {87.4, 86.1, 54.3, 54.7});
        PERCENT.put(PaperTable.OMNIGLOT, omniglot);

        // Table 2, miniImageNet: columns 5w1s, 5w5s.
        Map<TableRow, double[]> mini = new EnumMap<>(TableRow.class);
        mini.put(TableRow.MATCHING_NETS, new double[] {46.6, 60.0});
        mini.put(TableRow.PROTO_NETS, new double[] {49.4, 68.2});
        mini.put(TableRow.MAML, new double[] {48.7, 63.1});
        mini.put(TableRow.META_SGD, new double[] {50.4, 64.0});
        mini.put(TableRow.AMORTIZED_BNN_1, new double[] {38.9, 48.9});
        mini.put(TableRow.AMORTIZED_BNN_5, new double[] {35.8, 52.1});
        PERCENT.put(PaperTable.MINI_IMAGENET, mini);
    }

    private PaperTables() {
    }

    /** The paper's accuracy in percent for one cell, or empty where the paper has no such cell. */
    public static OptionalDouble accuracyPercent(String dataset, TableRow row, int way, int shot) {
        return PaperTable.forDataset(dataset).map(table -> {
            List<Column> columns = table.columns();
            int col = columns.indexOf(new Column(way, shot));
            return col < 0 ? OptionalDouble.empty() : OptionalDouble.of(PERCENT.get(table).get(row)[col]);
        }).orElse(OptionalDouble.empty());
    }

    /** The paper's accuracy for the cell a run belongs to, in percent. */
    public static OptionalDouble accuracyPercent(RunSpec spec) {
        return TableRow.find(spec).map(row -> accuracyPercent(spec.dataset(), row, spec.way(), spec.shot()))
                .orElse(OptionalDouble.empty());
    }

    /** As {@link #accuracyPercent(RunSpec)}, as a fraction in [0, 1] (the unit events use). */
    public static OptionalDouble accuracyFraction(RunSpec spec) {
        OptionalDouble p = accuracyPercent(spec);
        return p.isPresent() ? OptionalDouble.of(p.getAsDouble() / 100.0) : p;
    }
}
