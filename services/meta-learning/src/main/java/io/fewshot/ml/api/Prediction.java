package io.fewshot.ml.api;

import java.util.List;

/**
 * A trained model's answer for the query images of one task: for query {@code q}, {@code probabilities[q][c]}
 * is the predicted probability of support class {@code classes.get(c)}; each row sums to 1.
 */
public record Prediction(List<String> classes, float[][] probabilities) {
    public Prediction {
        classes = List.copyOf(classes);
        for (float[] row : probabilities) {
            if (row.length != classes.size()) {
                throw new IllegalArgumentException("a row of " + row.length + " probabilities for "
                        + classes.size() + " classes");
            }
        }
    }

    public int queries() {
        return probabilities.length;
    }

    /** The index of the most probable class of query {@code q} (the first of equals). */
    public int predicted(int q) {
        float[] row = probabilities[q];
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    public String predictedClass(int q) {
        return classes.get(predicted(q));
    }
}
