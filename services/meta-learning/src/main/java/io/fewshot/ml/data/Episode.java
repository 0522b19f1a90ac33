package io.fewshot.ml.data;

/**
 * One N-way K-shot task: the dataset classes drawn (label i is {@code classes[i]}) and, per
 * class, the indices of its support and query images within that class. Support and query are
 * disjoint by construction.
 */
public record Episode(int[] classes, int[][] support, int[][] query) {
    public int way() {
        return classes.length;
    }

    public int shot() {
        return support[0].length;
    }

    public int queryPerClass() {
        return query[0].length;
    }
}
