package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Direct access to PyTorch autograd.
 *
 * <p>DJL's GradientCollector allows one collector at a time and hides grad mode; the engine needs
 * plain control: grad mode on for training, off for evaluation and optimiser updates, and a
 * backward on any scalar, and {@link #gradient} for inner-loop gradients. Second-order gradients are
 * NOT taken with backward's {@code create_graph=true}: through DJL that leaves a parameter-gradient
 * reference cycle that leaks every step's graph (measured: ~4 MB per step on one conv layer).
 */
public final class Autograd {
    private static final ScriptFunction GRAD = ScriptFunction.load("autograd-grad.pt");

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

    /**
     * d(scalar)/d(inputs) by {@code torch.autograd.grad}: accumulated into no leaf's {@code .grad}, so
     * {@code createGraph} (differentiable gradients, for second-order MAML) leaves no reference cycle behind.
     * DJL has no autograd.grad; it runs as a TorchScript function loaded once (resource autograd-grad.pt, written
     * by scripts/make-autograd-grad.py). The gradients join the scalar's manager.
     */
    public static List<NDArray> gradient(NDArray scalar, List<NDArray> inputs, boolean createGraph) {
        return vectorJacobianProduct(scalar, scalar.onesLike(), inputs, createGraph);
    }

    /**
     * {@code outputGrad} pulled back through d(output)/d(inputs), as {@link #gradient} does for a scalar; with
     * {@code createGraph} the results are differentiable in the inputs and in {@code outputGrad}.
     */
    public static List<NDArray> vectorJacobianProduct(NDArray output, NDArray outputGrad, List<NDArray> inputs,
            boolean createGraph) {
        NDList args = new NDList(inputs.size() + 3);
        args.add(output);
        args.add(outputGrad);
        args.addAll(inputs);
        args.add(output.getManager().create(createGraph));
        List<String> names = new ArrayList<>(args.size());
        names.add("output");
        names.add("output_grad");
        names.addAll(Collections.nCopies(inputs.size(), "inputs[]"));
        names.add("create_graph");
        return GRAD.call(args, names);
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
