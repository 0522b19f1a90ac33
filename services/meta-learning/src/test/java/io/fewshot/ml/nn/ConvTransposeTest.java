package io.fewshot.ml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The written-out transposed convolutions against PyTorch's input gradient of the convolution they transpose. */
class ConvTransposeTest {

    /** Even and odd maps, down to one pixel: each parity of the input, and the border rows a 2x2 kernel pads. */
    @ParameterizedTest(name = "{0}x{0} input")
    @ValueSource(ints = {28, 15, 14, 7, 4, 2, 1})
    void stride2TransposeEqualsTheInputGradientOfAStride2Convolution(int size) {
        try (NDManager m = NDManager.newBaseManager(); Autograd.Scope on = Autograd.enabled()) {
            SplittableRandom rng = new SplittableRandom(size);
            int groups = 3;
            int in = 2;
            int out = 4;
            NDArray x = Init.normal(m, rng, new Shape(5, groups * in, size, size), 1.0).toType(DataType.FLOAT64, false);
            NDArray w = Init.normal(m, rng, new Shape(groups, out, in, 3, 3), 1.0).toType(DataType.FLOAT64, false);
            x.setRequiresGradient(true);
            NDArray y = Ops.conv3x3(x, w.reshape(groups * out, in, 3, 3), groups, 2);
            NDArray dy = Init.normal(m, rng, y.getShape(), 1.0).toType(DataType.FLOAT64, false);
            Autograd.backward(y.mul(dy).sum());

            NDArray mine = Ops.conv3x3Stride2Transpose(dy, w, size, size);

            NDArray reference = x.getGradient();
            assertEquals(reference.getShape(), mine.getShape());
            double err = reference.sub(mine).abs().max().getDouble() / reference.abs().max().getDouble();
            assertTrue(err < 1e-12, "relative error " + err);
        }
    }
}
