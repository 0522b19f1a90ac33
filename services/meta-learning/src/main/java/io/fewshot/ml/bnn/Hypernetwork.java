package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.LstmCell;
import io.fewshot.ml.nn.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's amortised posterior: an LSTM that runs one step per BNN layer and emits, at step l,
 * the mean and log-variance of every weight and bias of layer l through four {@link LayerHead}s.
 *
 * <p>The LSTM starts from the task encoding (h0 from {@link TaskEncoder}, c0 = 0) and reads fresh
 * standard Gaussian noise at every step: the paper's hyperprior, a source of randomness above the
 * weight distribution. Running the layers as a sequence couples their parameters, unlike
 * mean-field variational inference.
 *
 * <p>Units: the BNN's weights are of order one (see {@link BayesMlp}), which is what the paper's
 * N(0, 1) prior and inner learning rates need; but Adam moves every parameter by about its
 * learning rate per step, which would be 20x slower, relative to the weights, than in a standard
 * network. So the weight-mean heads work in a standard network's units (He initialisation,
 * N(0, 2/In)) and multiply what they emit by a fixed gain sqrt(In).
 */
public final class Hypernetwork {
    private final float initialLogVariance;
    private static final String PREFIX = "hyper.";

    private final BayesMlp mlp;
    private final LstmCell lstm;
    private final int noiseSize;
    private final List<LayerHead[]> heads = new ArrayList<>();

    /**
     * @param hidden     LSTM state size H
     * @param noiseSize  size of the Gaussian noise read at every step
     * @param rank       rank parameter r of the low-rank heads
     * @param denseLimit largest weight matrix (rows x cols) that gets a dense head
     * @param initialLogVariance where every weight's and bias's log-variance starts (the heads'
     *                   base), next to means of order 1 (see {@link BayesMlp}); chosen on validation
     *                   NLL and ECE, see {@link BnnSettings#initialLogVariance}
     */
    public Hypernetwork(BayesMlp mlp, int hidden, int noiseSize, int rank, long denseLimit,
            double initialLogVariance) {
        if (hidden < 1 || noiseSize < 1) {
            throw new IllegalArgumentException("hypernetwork hidden and noise sizes must be positive");
        }
        this.mlp = mlp;
        this.lstm = new LstmCell(PREFIX + "lstm", hidden);
        this.noiseSize = noiseSize;
        this.initialLogVariance = (float) initialLogVariance;
        for (int l = 0; l < mlp.layers(); l++) {
            long in = mlp.inputs(l);
            long out = mlp.outputs(l);
            String p = PREFIX + "layer" + l;
            heads.add(new LayerHead[] {
                new LayerHead(p + ".weightMean", in, out, hidden, rank, denseLimit, (float) Math.sqrt(in)),
                new LayerHead(p + ".weightLogVar", in, out, hidden, rank, denseLimit),
                new LayerHead(p + ".biasMean", 1, out, hidden, rank, denseLimit),
                new LayerHead(p + ".biasLogVar", 1, out, hidden, rank, denseLimit)});
        }
    }

    public int hidden() {
        return lstm.hidden();
    }

    public LayerHead head(int layer, int which) {
        return heads.get(layer)[which];
    }

    public void init(Params p, NDManager m, SplittableRandom rng) {
        lstm.init(p, m, rng, noiseSize);
        for (int l = 0; l < mlp.layers(); l++) {
            long in = mlp.inputs(l);
            long out = mlp.outputs(l);
            LayerHead[] h = heads.get(l);
            // Hidden layers: He initialisation, N(0, 2/In), times the head's gain sqrt(In): N(0, 2) in
            // the BNN's units. Output layer: zero, so that before the inner steps every class scores
            // alike and the first step's (kernel) signal is not drowned by random initial logits
            // (as in Ye and Chao 2022, "How to train your MAML to excel in few-shot classification").
            boolean output = l == mlp.layers() - 1;
            h[0].init(p, m, rng, output ? Init.constant(m, new Shape(in, out), 0f)
                    : Init.heNormal(m, rng, new Shape(in, out), in));
            h[1].init(p, m, rng, Init.constant(m, new Shape(in, out), initialLogVariance));
            h[2].init(p, m, rng, Init.constant(m, new Shape(1, out), 0f));
            h[3].init(p, m, rng, Init.constant(m, new Shape(1, out), initialLogVariance));
        }
    }

    /** The Gaussian over every BNN layer for each task, from the task encodings {@code h0 [T, H]}. */
    public List<GaussianLayer> generate(Params p, NDArray h0) {
        return generate(p, h0, true);
    }

    /** @param hyperpriorNoise false reads the noise's mean, 0, at every step (the deterministic mode) */
    public List<GaussianLayer> generate(Params p, NDArray h0, boolean hyperpriorNoise) {
        long t = h0.getShape().get(0);
        NDManager m = h0.getManager();
        NDArray h = h0;
        NDArray c = h0.zerosLike();
        List<GaussianLayer> layers = new ArrayList<>(mlp.layers());
        for (int l = 0; l < mlp.layers(); l++) {
            NDArray noise = hyperpriorNoise ? m.randomNormal(0f, 1f, new Shape(t, noiseSize), h0.getDataType())
                    : m.zeros(new Shape(t, noiseSize), h0.getDataType());
            NDArray[] hc = lstm.step(p, noise, h, c);
            h = hc[0];
            c = hc[1];
            LayerHead[] hd = heads.get(l);
            layers.add(new GaussianLayer(hd[0].emitFactored(p, h), hd[1].emit(p, h), hd[2].emit(p, h).reshape(t, -1),
                    hd[3].emit(p, h).reshape(t, -1)));
        }
        return layers;
    }
}
