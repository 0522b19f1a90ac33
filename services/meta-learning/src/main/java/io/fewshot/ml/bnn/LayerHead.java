package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.util.SplittableRandom;

/**
 * Emits one {@code [rows, cols]} tensor per task (a weight matrix's means or log-variances) from
 * the LSTM output {@code h [T, H]}: a shared learned base plus a task-specific delta.
 *
 * <p>DENSE: {@code delta = reshape(h · D)}, D {@code [H, rows*cols]}: every entry has its own
 * head weights, as the paper describes. Used where {@code rows*cols <= denseLimit}.
 *
 * <p>LOW_RANK, for layers where a dense head would dominate the model (the FAITHFUL MLP's first
 * layer, 784x256, would need H·200k head weights per emitted tensor):
 * {@code delta = A(h)·Q + P·B(h)} with {@code A(h) = reshape(h·Wa) [rows, r]},
 * {@code B(h) = reshape(h·Wb) [r, cols]} and P {@code [rows, r]}, Q {@code [r, cols]} shared. The delta
 * has rank at most 2r and is LINEAR in h (a product U(h)·V(h)^T would be bilinear, with vanishing
 * gradients while both factors start small); its row and column spaces are both task-specific.
 * Cost: H·r·(rows + cols) + r·(rows + cols) head weights instead of H·rows·cols.
 *
 * <p>The base starts where a plain network's weights would (He normal for means, a constant for
 * log-variances); the head weights start small ({@link #DELTA_STD}), so training starts from a
 * shared initialisation that the task conditioning then modulates.
 */
public final class LayerHead {
    /** Standard deviation of the initial head weights: a delta of a few per cent of the base at start. */
    static final double DELTA_STD = 1e-2;

    public enum Form {
        DENSE, LOW_RANK
    }

    private final String prefix;
    private final long rows;
    private final long cols;
    private final int hidden;
    private final int rank;
    private final Form form;
    private final float gain;

    public LayerHead(String prefix, long rows, long cols, int hidden, int rank, long denseLimit) {
        this(prefix, rows, cols, hidden, rank, denseLimit, 1f);
    }

    /**
     * @param gain a fixed factor on everything the head emits: the weight-mean heads emit in a
     *             standard network's units and multiply by sqrt(In) (see {@link Hypernetwork})
     */
    public LayerHead(String prefix, long rows, long cols, int hidden, int rank, long denseLimit, float gain) {
        if (rank < 1) {
            throw new IllegalArgumentException("head rank must be >= 1, was " + rank);
        }
        this.prefix = prefix;
        this.rows = rows;
        this.cols = cols;
        this.hidden = hidden;
        this.rank = rank;
        this.form = rows * cols <= denseLimit ? Form.DENSE : Form.LOW_RANK;
        this.gain = gain;
    }

    public Form form() {
        return form;
    }

    /** Adds the head's weights to {@code p}; {@code base [rows, cols]} is the shared starting tensor, before the gain. */
    public void init(Params p, NDManager m, SplittableRandom rng, NDArray base) {
        p.put(prefix + ".base", base);
        if (form == Form.DENSE) {
            p.put(prefix + ".dense", Init.normal(m, rng, new Shape(hidden, rows * cols), DELTA_STD));
        } else {
            p.put(prefix + ".wa", Init.normal(m, rng, new Shape(hidden, rows * rank), DELTA_STD));
            p.put(prefix + ".q", Init.normal(m, rng, new Shape(rank, cols), 1.0 / Math.sqrt(rank)));
            p.put(prefix + ".p", Init.normal(m, rng, new Shape(rows, rank), 1.0 / Math.sqrt(rank)));
            p.put(prefix + ".wb", Init.normal(m, rng, new Shape(hidden, rank * cols), DELTA_STD));
        }
    }

    /** The emitted tensors {@code [T, rows, cols]} for LSTM outputs {@code h [T, H]}. */
    public NDArray emit(Params p, NDArray h) {
        return emitFactored(p, h).tensor();
    }

    /**
     * What {@link #emit} returns, in the low-rank form where the head has one, {@code M = gain·base + [gain·A(h),
     * gain·P] · [Q; B(h)]}, so that a caller that multiplies it never writes it out ({@link WeightMeans}); the gain
     * scales the small factors and the shared base, never a [T, rows, cols] tensor.
     */
    public WeightMeans emitFactored(Params p, NDArray h) {
        long t = h.getShape().get(0);
        NDArray base = scaled(p.get(prefix + ".base"));
        if (form == Form.DENSE) {
            return new WeightMeans.Dense(scaled(h).matMul(p.get(prefix + ".dense")).reshape(t, rows, cols).add(base));
        }
        NDArray a = scaled(h).matMul(p.get(prefix + ".wa")).reshape(t, rows, rank);
        NDArray b = h.matMul(p.get(prefix + ".wb")).reshape(t, rank, cols);
        NDArray pp = scaled(p.get(prefix + ".p")).expandDims(0).broadcast(new Shape(t, rows, rank));
        NDArray q = p.get(prefix + ".q").expandDims(0).broadcast(new Shape(t, rank, cols));
        return new WeightMeans.Factored(base, a.concat(pp, 2), q.concat(b, 1));
    }

    private NDArray scaled(NDArray x) {
        return gain == 1f ? x : Ops.mul(x, gain);
    }
}
