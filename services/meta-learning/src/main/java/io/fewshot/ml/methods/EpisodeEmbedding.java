package io.fewshot.ml.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Params;

/** Embeds an episode's support and query images with shared weights, for the metric methods. */
final class EpisodeEmbedding {
    private EpisodeEmbedding() {
    }

    /**
     * Support {@code [T, N*K, D]} and query {@code [T, Q, D]} embeddings. Both sets go through the
     * network as one batch (one batch-norm batch), as in the reference implementations.
     */
    static NDArray[] embed(Conv4 backbone, EpisodeBatch b, Params weights, Params state, boolean training) {
        int t = b.tasks();
        long s = b.supportX().getShape().get(1);
        long q = b.queryX().getShape().get(1);
        NDArray x = NDArrays.concat(new NDList(b.supportX(), b.queryX()), 1);
        NDArray flat = x.reshape(new Shape(t * (s + q)).addAll(x.getShape().slice(2)));
        NDArray emb = backbone.embed(flat, weights, state, training).reshape(t, s + q, -1);
        return new NDArray[] {emb.get(":, :" + s + ", :"), emb.get(":, " + s + ":, :")};
    }
}
