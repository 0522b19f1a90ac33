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
 * <p>Full context embeddings (optional): the support embeddings pass through a bidirectional
 * LSTM with a skip connection, and each query embedding is refined by an attention LSTM that
 * reads the support set for {@code fceSteps} steps. As in common re-implementations, the
 * attention LSTM takes {@code h + r} (hidden state plus read-out) as its recurrent input rather
 * than their concatenation, keeping the hidden size equal to the embedding size.
 */
public final class MatchingNet implements MetaLearner {
    private static final double PROBABILITY_FLOOR = 1e-7;

    private final Conv4 backbone;
    private final Params weights;
    private final Params state;
    private final boolean fce;
    private final int fceSteps;
    private final double cosineScale;
    private final LstmCell forward;
    private final LstmCell backward;
    private final LstmCell attention;

    /**
     * @param cosineScale multiplies the cosine similarities before the softmax (1 in the paper)
     */
    public MatchingNet(NDManager m, int channels, int filters, long embedding, long seed, boolean fce, int fceSteps,
            double cosineScale) {
        this.backbone = new Conv4(channels, filters);
        SplittableRandom rng = new SplittableRandom(seed);
        this.weights = backbone.init(m, rng);
        this.state = backbone.initState(m);
        this.fce = fce;
        this.fceSteps = fceSteps > 0 ? fceSteps : 5;
        this.cosineScale = cosineScale;
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

    private NDArray logProbabilities(EpisodeBatch b, boolean training) {
        NDArray[] sq = EpisodeEmbedding.embed(backbone, b, weights, state, training);
        NDArray g = sq[0];
        NDArray f = sq[1];
        if (fce) {
            g = contextualSupport(g);
            f = attendedQuery(f, g);
        }
        NDArray attention = cosine(f, g).mul(cosineScale).softmax(-1);
        NDArray oneHot = Ops.oneHot(b.supportY(), b.way(), attention.getDataType());
        NDArray probs = attention.matMul(oneHot);
        return probs.maximum(PROBABILITY_FLOOR).log();
    }

    /** Cosine similarities {@code [T, Q, S]} between query and support embeddings. */
    static NDArray cosine(NDArray f, NDArray g) {
        NDArray fn = f.div(f.pow(2).sum(new int[] {-1}, true).add(1e-8).sqrt());
        NDArray gn = g.div(g.pow(2).sum(new int[] {-1}, true).add(1e-8).sqrt());
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
