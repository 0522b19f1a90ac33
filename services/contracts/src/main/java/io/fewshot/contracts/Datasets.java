package io.fewshot.contracts;

import io.fewshot.contracts.sweep.PaperTable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The datasets the planner and trainer know, each under one canonical name (the name in
 * {@code RunSpec.dataset} and in S3 keys): {@code omniglot}, {@code mini-imagenet}.
 */
public final class Datasets {
    /** Canonical names, in the paper's table order. */
    public static final List<String> KNOWN = Arrays.stream(PaperTable.values()).map(PaperTable::dataset).toList();

    private Datasets() {
    }

    /**
     * The known dataset {@code name} spells, ignoring case and separators ("miniimagenet",
     * "Mini_ImageNet" and "mini-imagenet" all give {@code mini-imagenet}); empty for another dataset.
     */
    public static Optional<String> canonical(String name) {
        String key = compact(name);
        return KNOWN.stream().filter(k -> compact(k).equals(key)).findFirst();
    }

    private static String compact(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
