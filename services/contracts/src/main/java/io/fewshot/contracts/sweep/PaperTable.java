package io.fewshot.contracts.sweep;

import java.util.List;
import java.util.Optional;

/** The paper's two tables: which dataset and class split each is on, and its columns. */
public enum PaperTable {
    OMNIGLOT(1, "Omniglot", "omniglot", "vinyals",
            List.of(new Column(5, 1), new Column(5, 5), new Column(20, 1), new Column(20, 5))),
    MINI_IMAGENET(2, "miniImageNet", "mini-imagenet", "ravi",
            List.of(new Column(5, 1), new Column(5, 5)));

    private final int number;
    private final String title;
    private final String dataset;
    private final String split;
    private final List<Column> columns;

    PaperTable(int number, String title, String dataset, String split, List<Column> columns) {
        this.number = number;
        this.title = title;
        this.dataset = dataset;
        this.split = split;
        this.columns = columns;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    /** The dataset name as it appears in {@code RunSpec.dataset} and S3 keys. */
    public String dataset() {
        return dataset;
    }

    public String split() {
        return split;
    }

    public List<Column> columns() {
        return columns;
    }

    public static Optional<PaperTable> forDataset(String dataset) {
        for (PaperTable t : values()) {
            if (t.dataset.equals(dataset)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
