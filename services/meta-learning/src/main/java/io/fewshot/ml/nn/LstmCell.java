package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * A functional LSTM cell (Hochreiter and Schmidhuber 1997) with gates in the order input, forget,
 * cell, output. Written out rather than taken from the fused kernel because the sequences here
 * are short (one step per support image, or per BNN layer) and the weights are plain tensors
 * that other code generates or adapts.
 */
public final class LstmCell {
    private final String prefix;
    private final int hidden;

    public LstmCell(String prefix, int hidden) {
        this.prefix = prefix;
        this.hidden = hidden;
    }

    public int hidden() {
        return hidden;
    }

    /** Adds this cell's weights to {@code p}; the forget-gate bias starts at 1 (Jozefowicz et al. 2015). */
    public void init(Params p, NDManager m, SplittableRandom rng, int input) {
        p.put(prefix + ".wx", Init.glorotUniform(m, rng, new Shape(input, 4L * hidden), input, 4L * hidden));
        p.put(prefix + ".wh", Init.glorotUniform(m, rng, new Shape(hidden, 4L * hidden), hidden, 4L * hidden));
        float[] bias = new float[4 * hidden];
        for (int i = hidden; i < 2 * hidden; i++) {
            bias[i] = 1f;
        }
        p.put(prefix + ".b", m.create(bias));
    }

    /** One step: returns {h', c'} for input {@code x [B, In]} and state {@code h, c [B, H]}. */
    public NDArray[] step(Params p, NDArray x, NDArray h, NDArray c) {
        NDArray gates = x.matMul(p.get(prefix + ".wx")).add(h.matMul(p.get(prefix + ".wh"))).add(p.get(prefix + ".b"));
        // A literal axis: PtNDArray.split cannot take -1.
        NDList g = gates.split(4, gates.getShape().dimension() - 1);
        NDArray i = g.get(0).getNDArrayInternal().sigmoid();
        NDArray f = g.get(1).getNDArrayInternal().sigmoid();
        NDArray cell = g.get(2).tanh();
        NDArray o = g.get(3).getNDArrayInternal().sigmoid();
        NDArray c2 = f.mul(c).add(i.mul(cell));
        NDArray h2 = o.mul(c2.tanh());
        return new NDArray[] {h2, c2};
    }
}
