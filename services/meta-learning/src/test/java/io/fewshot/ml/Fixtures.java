package io.fewshot.ml;

import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.DatasetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test data: a small synthetic dataset, and the real Omniglot from shared/ loaded once per JVM. */
public final class Fixtures {
    private static FewShotDataset omniglot;

    private Fixtures() {
    }

    /**
     * {@code classes} classes of {@code perClass} random 16x16 images; each class has its own
     * mean pattern, so the classes are learnable. Splits: first half train, then val, then test.
     */
    public static FewShotDataset synthetic(int classes, int perClass, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        int plane = size * size;
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
            int[] pattern = new int[plane];
            for (int i = 0; i < plane; i++) {
                pattern[i] = rng.nextInt(256);
            }
            byte[] block = new byte[perClass * plane];
            for (int k = 0; k < perClass; k++) {
                for (int i = 0; i < plane; i++) {
                    int v = pattern[i] + rng.nextInt(61) - 30;
                    block[k * plane + i] = (byte) Math.max(0, Math.min(255, v));
                }
            }
            pixels.add(block);
        }
        int train = classes / 2;
        int val = classes / 4;
        Map<String, int[]> splits = new LinkedHashMap<>();
        splits.put("train", range(0, train));
        splits.put("val", range(train, train + val));
        splits.put("test", range(train + val, classes));
        return new FewShotDataset("synthetic", 1, size, size, names, pixels, splits, new float[] {0.5f},
                new float[] {0.3f}, "synthetic-" + seed);
    }

    /** The real Omniglot (Vinyals split) from shared/datasets, decoded once and shared by all tests. */
    public static synchronized FewShotDataset omniglot() {
        if (omniglot == null) {
            Path dir = sharedOmniglot();
            omniglot = DatasetLoader.load(dir, null);
        }
        return omniglot;
    }

    /** Finds shared/datasets/omniglot beside the repository (as laid out for developers and CI). */
    public static Path sharedOmniglot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/omniglot");
            if (Files.isRegularFile(candidate.resolve("images_background.zip"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/datasets/omniglot not found above " + Path.of("").toAbsolutePath());
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}
