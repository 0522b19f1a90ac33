package io.fewshot.ml.bench;

import static io.fewshot.contracts.sweep.HyperKeys.*;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Column;
import io.fewshot.contracts.sweep.PaperTable;
import io.fewshot.contracts.sweep.PaperTables;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepDefaults;
import io.fewshot.contracts.sweep.TableRow;
import io.fewshot.ml.methods.TrainingSettings;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A row of the reproduced column, Table 1's Omniglot 5-way 1-shot: the paper's six rows, the amortized
 * BNN's in both of the engine's variants (FAITHFUL on pixels, IMPROVED on pretrained features).
 */
public enum ReproductionRow {
    MATCHING_NETS("matching-nets", TableRow.MATCHING_NETS, null),
    PROTO_NETS("protonet", TableRow.PROTO_NETS, null),
    MAML("maml", TableRow.MAML, null),
    META_SGD("meta-sgd", TableRow.META_SGD, null),
    BNN_1_FAITHFUL("amortized-bnn-1-faithful", TableRow.AMORTIZED_BNN_1, "faithful"),
    BNN_5_FAITHFUL("amortized-bnn-5-faithful", TableRow.AMORTIZED_BNN_5, "faithful"),
    BNN_1_IMPROVED("amortized-bnn-1-improved", TableRow.AMORTIZED_BNN_1, "improved"),
    BNN_5_IMPROVED("amortized-bnn-5-improved", TableRow.AMORTIZED_BNN_5, "improved");

    public static final Column COLUMN = new Column(5, 1);
    /**
     * Trained on Vinyals' train classes, the best checkpoint chosen on its val classes. The papers retrain on
     * train + val ({@link SweepDefaults#OMNIGLOT_TRAINVAL}), but choosing a checkpoint on val classes seen in
     * training would leak; this protocol forgoes the 172 val characters instead.
     */
    public static final String SPLIT = "vinyals";

    private final String id;
    private final TableRow row;
    private final String variant;

    ReproductionRow(String id, TableRow row, String variant) {
        this.id = id;
        this.row = row;
        this.variant = variant;
    }

    public String id() {
        return id;
    }

    public TableRow tableRow() {
        return row;
    }

    /** The label of the summary table: the paper's, with the BNN's variant. */
    public String label() {
        return variant == null ? row.label() : row.label() + " (" + variant.toUpperCase() + ")";
    }

    /** The paper's accuracy for this row, in percent. */
    public double paperPercent() {
        return PaperTables.accuracyPercent(PaperTable.OMNIGLOT.dataset(), row, COLUMN.way(), COLUMN.shot())
                .orElseThrow();
    }

    /**
     * The row's spec: the sweep's published configuration of the cell and the profile's validation and test
     * cadence (SweepDefaults), on {@link #SPLIT}, validating every {@code validateSeconds} of wall time too.
     * The step cap is the published schedule's in both profiles: the wall budget is what binds on a CPU.
     *
     * @param trainSeconds the wall budget of meta-training (the row's budget less any pretraining)
     */
    public RunSpec spec(Profile profile, long trainSeconds, double validateSeconds, int testEpisodes) {
        RunSpec published = SweepDefaults.spec(profile, PaperTable.OMNIGLOT, row, COLUMN);
        Map<String, Object> h = new TreeMap<>(published.hyperparameters());
        h.putAll(SweepDefaults.schedule(profile));
        h.put(TrainingSettings.VALIDATE_SECONDS, validateSeconds);
        h.put(TEST_EPISODES, testEpisodes);
        if (variant != null) {
            h.put(VARIANT, variant);
        }
        int steps = SweepDefaults.spec(Profile.PAPER, PaperTable.OMNIGLOT, row, COLUMN).budget().steps();
        return new RunSpec(published.dataset(), SPLIT, published.method(), published.way(), published.shot(),
                published.query(), published.innerSteps(), published.innerLr(), new Budget(steps, trainSeconds),
                published.seed(), h);
    }

    public static ReproductionRow fromId(String id) {
        for (ReproductionRow r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown row '" + id + "'; expected one of "
                + Arrays.stream(values()).map(ReproductionRow::id).collect(Collectors.joining(", ")));
    }
}
