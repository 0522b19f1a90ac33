package io.fewshot.ml.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.util.SplittableRandom;

/**
 * Prototypical Networks (Snell et al. 2017): a class is the mean of its support embeddings, and a
 * query's logits are its negative squared Euclidean distances to the prototypes.
 */
public final class ProtoNet implements MetaLearner {
    private final Conv4 backbone;
    private final Params weights;
    private final Params state;

    public ProtoNet(NDManager m, int channels, int filters, long seed) {
        this.backbone = new Conv4(channels, filters);
        this.weights = backbone.init(m, new SplittableRandom(seed));
        this.state = backbone.initState(m);
    }

    @Override
    public Params parameters() {
        return weights;
    }

    @Override
    public Params state() {
        return state;
    }

    @Override
    public Loss loss(EpisodeBatch batch) {
        NDArray logits = logits(batch, true);
        return new Loss(Ops.crossEntropy(logits, batch.queryY()), logits);
    }

    @Override
    public NDArray predict(EpisodeBatch batch) {
        return logits(batch, false).logSoftmax(-1);
    }

    private NDArray logits(EpisodeBatch b, boolean training) {
        NDArray[] sq = EpisodeEmbedding.embed(backbone, b, weights, state, training);
        return logits(sq[0], sq[1], b.way(), b.shot());
    }

    /**
     * Logits {@code [T, Q, N]}: minus the squared distance of each query embedding
     * {@code [T, Q, D]} to each class mean of the class-major support embeddings {@code [T, N*K, D]}.
     */
    public static NDArray logits(NDArray support, NDArray query, int way, int shot) {
        long t = support.getShape().get(0);
        long d = support.getShape().get(2);
        NDArray prototypes = support.reshape(t, way, shot, d).mean(new int[] {2});
        return Ops.squaredDistances(query, prototypes).neg();
    }
}
