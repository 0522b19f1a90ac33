package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.util.SplittableRandom;

/**
 * Turns a task's support features into the hypernetwork's initial LSTM state.
 *
 * <p>As in the paper: features are averaged per class, and the N class means are concatenated in
 * a FRESH RANDOM class order for every task, so the model cannot rely on class order. The
 * concatenation {@code [N*F]} always goes through a learned projection to the LSTM size H
 * ({@code h0 = tanh(x·W + b)}; tanh because an LSTM's h lives in (-1, 1)); the sizes differ in
 * every configuration we run, so there is no identity special case.
 *
 * <p>A consequence worth knowing: because the order is random, the generated output layer cannot
 * be aligned with the labels; only the inner SGD steps on the support set can bind output units to
 * classes. This plausibly explains the paper's observation that training accuracy stayed at 1/N
 * without inner steps.
 */
public final class TaskEncoder {
    private static final String PREFIX = "encoder.";

    private final int way;
    private final long featureSize;
    private final int hidden;

    public TaskEncoder(int way, long featureSize, int hidden) {
        this.way = way;
        this.featureSize = featureSize;
        this.hidden = hidden;
    }

    public void init(Params p, NDManager m, SplittableRandom rng) {
        long in = way * featureSize;
        p.put(PREFIX + "projection.w", Init.glorotUniform(m, rng, new Shape(in, hidden), in, hidden));
        p.put(PREFIX + "projection.b", Init.constant(m, new Shape(hidden), 0f));
    }

    /** h0 {@code [T, H]} from class-major support features {@code [T, N*K, F]}, in a random class order. */
    public NDArray initialState(Params p, NDArray supportFeatures, int shot) {
        return initialState(p, supportFeatures, shot, true);
    }

    /** @param shuffle false keeps the classes in the support's order (the BNN's deterministic mode) */
    public NDArray initialState(Params p, NDArray supportFeatures, int shot, boolean shuffle) {
        long t = supportFeatures.getShape().get(0);
        NDArray means = supportFeatures.reshape(t, way, shot, featureSize).mean(new int[] {2});
        NDArray ordered = shuffle
                ? randomPermutations(supportFeatures.getManager(), t, supportFeatures.getDataType()).matMul(means)
                : means;
        return ordered.reshape(t, way * featureSize).matMul(p.get(PREFIX + "projection.w"))
                .add(p.get(PREFIX + "projection.b")).tanh();
    }

    /** One random permutation matrix {@code [T, N, N]} per task, from the native (seeded) generator. */
    NDArray randomPermutations(NDManager m, long tasks, DataType type) {
        NDArray order = m.randomUniform(0f, 1f, new Shape(tasks, way)).argSort(-1);
        return Ops.oneHot(order, way, type);
    }
}
