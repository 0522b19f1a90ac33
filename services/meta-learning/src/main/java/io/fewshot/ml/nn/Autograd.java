package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
        NDManager m = scalar.getManager();
        NDList args = new NDList(inputs.size() + 2);
        args.add(scalar);
        args.addAll(inputs);
        args.add(m.create(createGraph));
        // DJL passes arguments named "x[]" as one List[Tensor]: the names are lent for the call.
        List<String> names = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            names.add(args.get(i).getName());
            args.get(i).setName(i == 0 ? "loss" : i == args.size() - 1 ? "create_graph" : "inputs[]");
        }
        try {
            return new ArrayList<>(IValueUtils.forward(GradFunction.INSTANCE, args, true));
        } finally {
            for (int i = 0; i < args.size(); i++) {
                args.get(i).setName(names.get(i));
            }
        }
    }

    private static final class GradFunction {
        static final PtSymbolBlock INSTANCE = load();

        private static PtSymbolBlock load() {
            try (InputStream in = Autograd.class.getResourceAsStream("autograd-grad.pt")) {
                if (in == null) {
                    throw new IllegalStateException("resource autograd-grad.pt missing from the engine jar");
                }
                // Whole bytes: DJL's stream reader fails on a resource stream that returns short reads.
                byte[] bytes = in.readAllBytes();
                return JniUtils.loadModule((PtNDManager) NDManager.newBaseManager(), new ByteArrayInputStream(bytes),
                        true, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
