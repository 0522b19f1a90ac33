package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import java.util.function.Supplier;

/**
 * PyTorch's own backward as a test's reference, into the weights' gradients, with a garbage collection
 * forced between forward and backward. The NaN gradients once blamed on PyTorch's float64 backward
 * (issue 13 point 6: 4 of 400 calls under two threads) were number operands that autograd saved over
 * Java buffers the collector had freed (see {@link Ops#scalar}); the forced collection makes such an
 * op fail every time instead of now and then.
 */
public final class AutogradReference {
    private AutogradReference() {
    }

    /** Back-propagates a fresh {@code loss} into {@code weights} (their gradients zeroed first). */
    public static void backward(Supplier<NDArray> loss, Params weights) {
        Autograd.zeroGradients(weights);
        NDArray value = loss.get();
        GarbageCollection.collectNow();
        Autograd.backward(value);
    }
}
