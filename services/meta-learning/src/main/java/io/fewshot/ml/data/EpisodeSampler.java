package io.fewshot.ml.data;

import io.fewshot.dataset.format.FewShotDataset;

import java.util.SplittableRandom;

/**
 * Draws N-way K-shot Q-query episodes from one class pool of a dataset.
 *
 * <p>Episode {@code i} depends only on the seed and {@code i}, never on what was drawn before: a
 * run resumed at step n sees exactly the episodes an uninterrupted run would, and evaluation on
 * a fixed seed gives every method the same test tasks.
 */
public final class EpisodeSampler {
    private final FewShotDataset dataset;
    private final int[] pool;
    private final int way;
    private final int shot;
    private final int query;
    private final long seed;

    public EpisodeSampler(FewShotDataset dataset, String poolName, int way, int shot, int query, long seed) {
        this.dataset = dataset;
        this.pool = dataset.split(poolName);
        this.way = way;
        this.shot = shot;
        this.query = query;
        this.seed = seed;
        if (way < 1 || shot < 1 || query < 0) {
            throw new IllegalArgumentException("need way >= 1, shot >= 1, query >= 0; got " + way + "/" + shot
                    + "/" + query);
        }
        if (pool.length < way) {
            throw new IllegalArgumentException(poolName + " pool of " + dataset.name() + " has " + pool.length
                    + " classes, fewer than " + way + " ways");
        }
        for (int c : pool) {
            if (dataset.count(c) < shot + query) {
                throw new IllegalArgumentException("class " + dataset.className(c) + " has " + dataset.count(c)
                        + " images, fewer than shot + query = " + (shot + query));
            }
        }
    }

    public FewShotDataset dataset() {
        return dataset;
    }

    public int way() {
        return way;
    }

    public int shot() {
        return shot;
    }

    public int query() {
        return query;
    }

    public Episode sample(long index) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int[] classes = choose(rng, pool, way);
        int[][] support = new int[way][];
        int[][] queries = new int[way][];
        for (int i = 0; i < way; i++) {
            int[] images = choose(rng, range(dataset.count(classes[i])), shot + query);
            support[i] = java.util.Arrays.copyOfRange(images, 0, shot);
            queries[i] = java.util.Arrays.copyOfRange(images, shot, shot + query);
        }
        return new Episode(classes, support, queries);
    }

    /** The first k of a partial Fisher-Yates shuffle of a copy of {@code from}. */
    private static int[] choose(SplittableRandom rng, int[] from, int k) {
        int[] a = from.clone();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return java.util.Arrays.copyOf(a, k);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
