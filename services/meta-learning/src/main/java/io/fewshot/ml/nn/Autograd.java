package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Direct access to PyTorch autograd.
 *
 * <p>DJL's GradientCollector allows one collector at a time and hides grad mode; the engine needs
 * plain control: grad mode on for training, off for evaluation and optimiser updates, and a
 * backward on any scalar. Second-order gradients are NOT taken with {@code create_graph=true}:
 * through DJL that leaves a parameter-gradient reference cycle that leaks every step's graph
 * (measured: ~4 MB per step on one conv layer). Inner-loop gradients are instead written as
 * ordinary differentiable tensor expressions (see {@link Conv4#supportGradient}).
 */
public final class Autograd {
    private Autograd() {
    }

    /** Switches grad mode on until closed, then restores the previous mode. */
    public static Scope enabled() {
        return new Scope(true);
    }

    /** Switches grad mode off until closed, then restores the previous mode. */
    public static Scope disabled() {
        return new Scope(false);
    }

    /** d(scalar)/d(leaves) accumulated into every leaf that requires a gradient. */
    public static void backward(NDArray scalar) {
        try (NDArray seed = scalar.getManager().ones(scalar.getShape(), scalar.getDataType())) {
            JniUtils.backward((PtNDArray) scalar, (PtNDArray) seed, false, false);
        }
    }

    public static void zeroGradients(Params params) {
        for (NDArray a : params.arrays()) {
            JniUtils.zeroGrad((PtNDArray) a);
        }
    }

    /** A scope that restores the previous grad mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;

        private Scope(boolean mode) {
            this.previous = JniUtils.isGradMode();
            JniUtils.setGradMode(mode);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
