package io.fewshot.dataset.format;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Split schemes made from a stored one. {@code <scheme>-trainval} (e.g. {@code vinyals-trainval}) trains on
 * the scheme's train and val pools together and tests on its test pool, with no val pool: the protocol of
 * Vinyals et al., Snell et al. and Finn et al. for their final Omniglot numbers, after hyperparameters were
 * chosen on val (for Vinyals' split, train + val is {@code splits/omniglot/vinyals/trainval.txt}, 4,800
 * rotated classes). Made here, in one place, for both the ingested shards and the Omniglot zips.
 */
public final class SplitSchemes {
    public static final String TRAINVAL_SUFFIX = "-trainval";

    private SplitSchemes() {
    }

    /** The stored scheme whose pools {@code scheme} is made from: itself unless it is a trainval scheme. */
    public static String base(String scheme) {
        return scheme.endsWith(TRAINVAL_SUFFIX) ? scheme.substring(0, scheme.length() - TRAINVAL_SUFFIX.length())
                : scheme;
    }

    /** {@code stored} (loaded with {@link #base}) with the pools {@code scheme} names. */
    static FewShotDataset derive(FewShotDataset stored, String scheme) {
        if (scheme.equals(stored.splitScheme())) {
            return stored;
        }
        if (!base(scheme).equals(stored.splitScheme())) {
            throw new IllegalArgumentException("split " + scheme + " is not made from " + stored.splitScheme());
        }
        if (!stored.splits().containsKey("val")) {
            throw new IllegalArgumentException("split " + scheme + " needs a val pool to train on, and "
                    + stored.splitScheme() + " has none (it has " + stored.splits().keySet() + ")");
        }
        Map<String, int[]> pools = new LinkedHashMap<>();
        pools.put("train", IntStream.concat(IntStream.of(stored.split("train")), IntStream.of(stored.split("val")))
                .toArray());
        pools.put("test", stored.split("test"));
        return stored.withPools(scheme, pools);
    }
}
