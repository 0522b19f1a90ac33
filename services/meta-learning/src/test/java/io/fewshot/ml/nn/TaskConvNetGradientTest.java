package io.fewshot.ml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The inner step's support gradient (autograd.grad; in second order with the input gradients written out) against
 * PyTorch's backward.
 */
class TaskConvNetGradientTest {

    /** Strided at 28 (28, 14, 7, 4, 2: even and odd maps) and 15 (15, 8, 4, 2, 1), pooled at 16. */
    @ParameterizedTest(name = "{0} network on {1}x{1} images, createGraph {2}")
    @CsvSource({"POOLED, 16, true", "POOLED, 16, false", "STRIDED, 28, true", "STRIDED, 15, true", "STRIDED, 15, false"})
    void supportGradientEqualsBackwardForEveryWeight(TaskConvNet.Network network, int size, boolean createGraph) {
        try (NDManager m = NDManager.newBaseManager(); Autograd.Scope on = Autograd.enabled()) {
            int tasks = 2;
            TaskConvNet net = new TaskConvNet(network, 1, 3, 2, size, size);
            Params shared = TaskConvNet.cast(net.init(m, new SplittableRandom(1)), DataType.FLOAT64);
            // Distinct weights per task, as after an inner step, so a mix-up between tasks shows.
            SplittableRandom rng = new SplittableRandom(2);
            Params fast = TaskConvNet.expand(shared, tasks)
                    .map((k, v) -> v.add(Init.normal(m, rng, v.getShape(), 0.1).toType(DataType.FLOAT64, false)));
            fast.requireGradients();
            NDArray x = Init.normal(m, rng, new Shape(tasks, 4, 1, size, size), 1.0).toType(DataType.FLOAT64, false);
            NDArray y = m.create(new long[] {0, 0, 1, 1, 1, 0, 1, 0}, new Shape(tasks, 4));

            Params mine = net.supportGradient(x, fast, y, createGraph);
            AutogradReference.backward(() -> TaskConvNet.taskLossSum(net.logits(x, fast), y), fast);

            for (String name : fast.names()) {
                NDArray auto = fast.get(name).getGradient();
                NDArray g = mine.get(name);
                assertEquals(auto.getShape(), g.getShape(), name);
                double scale = auto.abs().max().getDouble() + 1e-12;
                double err = auto.sub(g).abs().max().getDouble() / scale;
                assertTrue(err < 1e-9, name + " relative error " + err);
            }
            // Differentiable exactly when asked: a backward through the gradient works, or is refused.
            NDArray throughGradient = mine.get("head.w").sum();
            if (createGraph) {
                Autograd.backward(throughGradient);
            } else {
                assertThrows(EngineException.class, () -> Autograd.backward(throughGradient));
            }
        }
    }
}
