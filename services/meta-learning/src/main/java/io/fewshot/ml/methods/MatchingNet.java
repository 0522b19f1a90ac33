package io.fewshot.ml.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.LstmCell;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.util.SplittableRandom;

/**
 * Matching Networks (Vinyals et al. 2016): a query's class distribution is a softmax attention
 * over the support set by cosine similarity of embeddings, summed per class.
 *
 * <p>Temperature. The cosines are multiplied by a learned scale {@code exp(logScale)} (a weight,
 * trained and checkpointed with the rest; it starts at {@code initialScale}, 10 by default) before
 * the softmax. Conv-4 ends in ReLU and max-pool, so every cosine lies in [0, 1]: at scale 1 the
 * right class can never get more than e/(e+N-1) (0.40 in 5-way, NLL at least 0.91), whatever the
 * embedding. Of the two fixes the released implementations use, a learned temperature was chosen
 * over Vinyals et al.'s unnormalised query because it is one scalar that the likelihood itself
 * tunes (so calibration follows the data) and it works the same with and without FCE, whereas an
 * unnormalised query lets the confidence depend on the backbone's activation scale.
 *
 * <p>Full context embeddings (hyperparameter {@code fce}, off by default): the support embeddings
 * pass through a bidirectional LSTM with a skip connection, and each query embedding is refined by
 * an attention LSTM that reads the support set for {@code fceSteps} steps. As in common
 * re-implementations, the attention LSTM takes {@code h + r} (hidden state plus read-out) as its
 * recurrent input rather than their concatenation, keeping the hidden size equal to the embedding
 * size.
 */
public final class MatchingNet implements MetaLearner {
    private static final double PROBABILITY_FLOOR = 1e-7;
    /** The weight holding the log of the cosine temperature. */
    static final String LOG_SCALE = "logScale";
    /** The temperature's starting value when the run names none. */
    public static final double DEFAULT_INITIAL_SCALE = 10.0;

    private final Conv4 backbone;
    private final Params weights;
    private final Params state;
    private final boolean fce;
    private final int fceSteps;
    private final LstmCell forward;
    private final LstmCell backward;
    private final LstmCell attention;

    /**
     * @param initialScale the learned temperature's starting value; it multiplies the cosines
     *                     before the softmax
     */
    public MatchingNet(NDManager m, int channels, int filters, long embedding, long seed, boolean fce, int fceSteps,
            double initialScale) {
        if (!(initialScale > 0) || Double.isInfinite(initialScale)) {
            throw new IllegalArgumentException("the cosine temperature must start positive and finite, got "
                    + initialScale);
        }
        this.backbone = new Conv4(channels, filters);
        SplittableRandom rng = new SplittableRandom(seed);
        this.weights = backbone.init(m, rng);
        this.state = backbone.initState(m);
        this.fce = fce;
        this.fceSteps = fceSteps > 0 ? fceSteps : 5;
        weights.put(LOG_SCALE, m.create(new float[] {(float) Math.log(initialScale)}));
        int d = Math.toIntExact(embedding);
        this.forward = new LstmCell("fce.fw", d);
        this.backward = new LstmCell("fce.bw", d);
        this.attention = new LstmCell("fce.att", d);
        if (fce) {
            forward.init(weights, m, rng, d);
            backward.init(weights, m, rng, d);
            attention.init(weights, m, rng, d);
        }
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
        NDArray logp = logProbabilities(batch, true);
        NDArray oneHot = Ops.oneHot(batch.queryY(), batch.way(), logp.getDataType());
        return new Loss(logp.mul(oneHot).sum(new int[] {-1}).neg().mean(), logp);
    }

    @Override
    public NDArray predict(EpisodeBatch batch) {
        return logProbabilities(batch, false);
    }

    /** The temperature that multiplies the cosines now. */
    public double scale() {
        return Math.exp(weights.get(LOG_SCALE).getFloat());
    }

    /**
     * Support {@code [T, N*K, D]} and query {@code [T, Q, D]} embeddings as the attention sees them:
     * after the full context embeddings when they are on.
     */
    NDArray[] embeddings(EpisodeBatch b, boolean training) {
        NDArray[] sq = EpisodeEmbedding.embed(backbone, b, weights, state, training);
        if (!fce) {
            return sq;
        }
        NDArray g = contextualSupport(sq[0]);
        return new NDArray[] {g, attendedQuery(sq[1], g)};
    }

    private NDArray logProbabilities(EpisodeBatch b, boolean training) {
        NDArray[] gf = embeddings(b, training);
        NDArray attention = cosine(gf[1], gf[0]).mul(weights.get(LOG_SCALE).exp()).softmax(-1);
        NDArray oneHot = Ops.oneHot(b.supportY(), b.way(), attention.getDataType());
        NDArray probs = attention.matMul(oneHot);
        return Ops.maximum(probs, PROBABILITY_FLOOR).log();
    }

    /** Cosine similarities {@code [T, Q, S]} between query and support embeddings. */
    static NDArray cosine(NDArray f, NDArray g) {
        NDArray fn = f.div(Ops.pow(f, 2).sum(new int[] {-1}, true).add(1e-8).sqrt());
        NDArray gn = g.div(Ops.pow(g, 2).sum(new int[] {-1}, true).add(1e-8).sqrt());
        return fn.matMul(gn.swapAxes(-1, -2));
    }

    /** g(x_i) = g'(x_i) + forward LSTM state + backward LSTM state, over the support sequence. */
    private NDArray contextualSupport(NDArray g) {
        long t = g.getShape().get(0);
        int s = (int) g.getShape().get(1);
        NDArray[] fw = run(forward, g, t, s, false);
        NDArray[] bw = run(backward, g, t, s, true);
        NDList out = new NDList();
        for (int i = 0; i < s; i++) {
            out.add(fw[i].add(bw[i]).expandDims(1));
        }
        return g.add(NDArrays.concat(out, 1));
    }

    private NDArray[] run(LstmCell cell, NDArray seq, long t, int s, boolean reverse) {
        long d = seq.getShape().get(2);
        NDArray h = seq.getManager().zeros(new Shape(t, d), seq.getDataType());
        NDArray c = h;
        NDArray[] outs = new NDArray[s];
        for (int k = 0; k < s; k++) {
            int i = reverse ? s - 1 - k : k;
            NDArray[] hc = cell.step(weights, seq.get(":, " + i + ", :"), h, c);
            h = hc[0];
            c = hc[1];
            outs[i] = h;
        }
        return outs;
    }

    /** The attention LSTM: each query embedding reads the support set for {@code fceSteps} steps. */
    private NDArray attendedQuery(NDArray f, NDArray g) {
        Shape fs = f.getShape();
        NDArray x = f.reshape(-1, fs.get(2));
        NDArray h = x.zerosLike();
        NDArray c = x.zerosLike();
        NDArray r = x.zerosLike();
        for (int k = 0; k < fceSteps; k++) {
            NDArray[] hc = attention.step(weights, x, h.add(r), c);
            h = hc[0].add(x);
            c = hc[1];
            NDArray h3 = h.reshape(fs);
            NDArray a = h3.matMul(g.swapAxes(-1, -2)).softmax(-1);
            r = a.matMul(g).reshape(-1, fs.get(2));
        }
        return h.reshape(fs);
    }
}
