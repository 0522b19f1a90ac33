import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Threads;
import java.util.List;

/**
 * Minimal check of PyTorch's float32 3x3 convolution on this CPU: the input gradient of an ungrouped convolution
 * (groups 1) and of the same work as two groups, each against float64. Prints, per trial, the largest error
 * relative to the float64 gradient's largest magnitude.
 *   java -cp ... ConvFault [trials] [batch] [in] [out] [size]
 */
public class ConvFault {
    public static void main(String[] a) {
        Threads.set(1);
        int trials = a.length > 0 ? Integer.parseInt(a[0]) : 20;
        int batch = a.length > 1 ? Integer.parseInt(a[1]) : 5;
        int in = a.length > 2 ? Integer.parseInt(a[2]) : 4;
        int out = a.length > 3 ? Integer.parseInt(a[3]) : 8;
        int size = a.length > 4 ? Integer.parseInt(a[4]) : 28;
        double worst1 = 0, worst2 = 0;
        for (int t = 0; t < trials; t++) {
            try (NDManager m = NDManager.newBaseManager(); Autograd.Scope on = Autograd.enabled()) {
                NDArray x64 = m.randomNormal(new Shape(batch, in, size, size)).toType(DataType.FLOAT64, false);
                NDArray w64 = m.randomNormal(new Shape(out, in, 3, 3)).toType(DataType.FLOAT64, false);
                NDArray dy64 = m.randomNormal(new Shape(batch, out, size, size)).toType(DataType.FLOAT64, false);
                NDArray ref = inputGradient(x64, w64, dy64, 1);
                double scale = ref.abs().max().getDouble();
                double e1 = error(inputGradient(f32(x64), f32(w64), f32(dy64), 1), ref, scale);
                // The same convolution as two identical groups, keeping the first group's input gradient.
                NDArray x2 = f32(x64).concat(f32(x64), 1);
                NDArray w2 = f32(w64).concat(f32(w64), 0);
                NDArray dy2 = f32(dy64).concat(f32(dy64), 1);
                double e2 = error(inputGradient(x2, w2, dy2, 2).get(":, :" + in), ref, scale);
                worst1 = Math.max(worst1, e1);
                worst2 = Math.max(worst2, e2);
                System.out.printf("trial %2d: groups 1 max error %.2e, groups 2 %.2e (of the float64 gradient's max)%n",
                        t, e1, e2);
            }
        }
        System.out.printf("worst over %d trials: groups 1 %.2e, groups 2 %.2e%n", trials, worst1, worst2);
    }

    private static NDArray f32(NDArray x) {
        return x.toType(DataType.FLOAT32, false);
    }

    private static NDArray inputGradient(NDArray x, NDArray w, NDArray dy, int groups) {
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        NDArray y = Ops.conv3x3(leaf, w, groups);
        return Autograd.vectorJacobianProduct(y, dy, List.of(leaf), false).get(0);
    }

    private static double error(NDArray got, NDArray ref, double scale) {
        NDArray d = got.toType(DataType.FLOAT64, false).sub(ref).abs();
        double max = d.max().getDouble();
        return Double.isFinite(max) && got.isNaN().any().getBoolean() == false ? max / scale : Double.NaN;
    }
}
