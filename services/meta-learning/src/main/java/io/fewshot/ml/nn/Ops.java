package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few tensor operations the networks are written in, with DJL's quirks handled once.
 *
 * <p>Arithmetic with a Java number in anything autograd may differentiate goes through
 * {@link #mul}, {@link #div}, {@link #pow} and {@link #maximum}, never DJL's {@code NDArray.mul(Number)} and kin: see
 * {@link #scalar}. ({@code add} and {@code sub} with a number are safe, their backward keeps no operand.)
 */
public final class Ops {
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape TWO = new Shape(2, 2);
    private static final Shape NONE = new Shape(0, 0);
    private static final Shape SCALAR = new Shape();

    private Ops() {
    }

    /**
     * A 0-dim tensor holding {@code value}, of {@code like}'s type and device, in memory PyTorch owns.
     *
     * <p>Why not DJL's number overloads: {@code PtNDArray.mul(Number)} (likewise div, pow, maximum,
     * minimum; DJL 0.36) wraps the number with {@code manager.create(n)}, which on the CPU is
     * {@code torch::from_blob} over a Java direct buffer (no copy, kept alive only by the Java array),
     * and closes that array right after the op. Autograd saves the operand for the backward of mul,
     * div and pow, so once the JVM collects the buffer the backward reads freed memory (glibc writes
     * its free-list pointer there): NaN or 1e200 gradients, at random, whenever a collection falls
     * between forward and backward. A tensor made by {@code torch::full} owns its memory.
     */
    public static NDArray scalar(NDArray like, double value) {
        return JniUtils.full((PtNDManager) like.getManager(), SCALAR, value, like.getDataType(), like.getDevice(),
                SparseFormat.DENSE);
    }

    /** {@code x * value}, safe under autograd (see {@link #scalar}). */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(scalar(x, value));
    }

    /** {@code x / value}, safe under autograd (see {@link #scalar}). */
    public static NDArray div(NDArray x, double value) {
        return x.div(scalar(x, value));
    }

    /**
     * {@code x ^ exponent}, safe under autograd (see {@link #scalar}). A square is PyTorch's {@code square}: the
     * pow with a tensor exponent has no fast path for 2, and its backward adds a second pow and a {@code where}
     * (MAML's meta-batch ran 9% faster with squares).
     */
    public static NDArray pow(NDArray x, double exponent) {
        if (exponent == 2) {
            return x.square();
        }
        return x.pow(scalar(x, exponent));
    }

    /** The elementwise maximum of {@code x} and {@code floor}, safe under autograd (see {@link #scalar}). */
    public static NDArray maximum(NDArray x, double floor) {
        return x.maximum(scalar(x, floor));
    }

    /**
     * The same {@code [N, C, H, W]} values stored channels-last (NHWC; strides {@code [HWC, 1, WC, C]}).
     * PyTorch's CPU convolution, batch norm and max-pool keep that layout from input to output, and on one
     * thread Conv-4's forward+backward ran ~1.45x faster in it than in the contiguous layout (the oneDNN
     * path without reorders). DJL has no memory-format call: permute to NHWC, copy, permute back.
     */
    public static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }

    /** 3x3 convolution, stride 1, zero padding 1, no bias (batch norm follows). */
    public static NDArray conv3x3(NDArray x, NDArray w, int groups) {
        return conv3x3(x, w, groups, 1);
    }

    /**
     * 3x3 convolution with zero padding 1 and the given stride, no bias. Stride 2 maps {@code h} to
     * {@code ceil(h / 2)}, as TensorFlow's SAME padding does (which pads 0 before and 1 after an even
     * size where this pads 1 on both sides: the same output size, windows shifted by one pixel).
     */
    public static NDArray conv3x3(NDArray x, NDArray w, int groups, int stride) {
        return x.getNDArrayInternal().convolution(x, w, null, new Shape(stride, stride), ONE, ONE, groups)
                .singletonOrThrow();
    }

    /**
     * The transpose of a grouped {@link #conv3x3} with per-group weights {@code w [G, Co, Ci, 3, 3]}:
     * maps an output gradient {@code [B, G*Co, H, W]} back to the input {@code [B, G*Ci, H, W]}.
     * A convolution with the kernels flipped and their in/out axes swapped (DJL's PyTorch engine
     * has no transposed convolution).
     */
    public static NDArray conv3x3Transpose(NDArray dy, NDArray w) {
        Shape s = w.getShape();
        NDArray flipped = w.transpose(0, 2, 1, 3, 4).flip(3, 4).reshape(s.get(0) * s.get(2), s.get(1), 3, 3);
        return conv3x3(dy, flipped, (int) s.get(0));
    }

    /**
     * The transpose of a stride-2 {@link #conv3x3(NDArray, NDArray, int, int)} onto an input of
     * {@code h x w}: the output gradient with a zero after every element (the positions the stride
     * skipped), cut to {@code h x w}, then the stride-1 transpose. Differentiable like any expression.
     */
    public static NDArray conv3x3Stride2Transpose(NDArray dy, NDArray w, long h, long wd) {
        return conv3x3Transpose(zeroStuff(dy, h, wd), w);
    }

    /** {@code [.., H, W]} to {@code [.., h, w]} with {@code x[i, j]} at {@code (2i, 2j)} and zeros elsewhere. */
    static NDArray zeroStuff(NDArray x, long h, long w) {
        Shape s = x.getShape();
        int d = s.dimension();
        Shape lead = s.slice(0, d - 2);
        long rows = s.get(d - 2);
        long cols = s.get(d - 1);
        NDArray z = x.zerosLike();
        NDArray wide = NDArrays.stack(new ai.djl.ndarray.NDList(x, z), d).reshape(lead.addAll(new Shape(rows, 2 * cols)));
        NDArray tall = NDArrays.stack(new ai.djl.ndarray.NDList(wide, wide.zerosLike()), d - 1)
                .reshape(lead.addAll(new Shape(2 * rows, 2 * cols)));
        return tall.get("..., :" + h + ", :" + w);
    }

    /**
     * Batch norm through the native kernel. Note that DJL's JniUtils names its arguments
     * (gamma, beta, mean, var) but the kernel reads them as (runningMean, runningVar, gamma, beta)
     * — checked by experiment; this method takes them in the order the kernel uses.
     *
     * @param momentum PyTorch's convention: new running = (1 - m) running + m batch
     */
    public static NDArray batchNorm(NDArray x, NDArray runningMean, NDArray runningVar, NDArray gamma, NDArray beta,
            boolean training, double momentum, double eps) {
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
                (PtNDArray) beta, training, momentum, eps);
    }

    /** 2x2 max pooling, stride 2, floor (a 7x7 map becomes 3x3, as in the usual Conv-4). */
    public static NDArray maxPool2(NDArray x) {
        return Pool.maxPool2d(x, TWO, TWO, NONE, false);
    }

    /** Mean cross-entropy of {@code logits [..., N]} against integer labels of the leading shape. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int n = (int) logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray logp = logits.logSoftmax(-1);
        NDArray oneHot = oneHot(labels, n, logits.getDataType());
        return logp.mul(oneHot).sum(new int[] {-1}).neg().mean();
    }

    /** One-hot rows of {@code depth} for integer labels, in {@code type}. */
    public static NDArray oneHot(NDArray labels, int depth, DataType type) {
        return labels.oneHot(depth).toType(type, false);
    }

    /** Fraction of rows whose arg-max equals the label. */
    public static float accuracy(NDArray logits, NDArray labels) {
        NDArray pred = logits.argMax(-1).toType(DataType.INT64, false);
        return pred.eq(labels.toType(DataType.INT64, false)).toType(DataType.FLOAT32, false).mean().getFloat();
    }

    /** Mean over several axes (PyTorch's DJL binding averages over one axis at a time only). */
    public static NDArray mean(NDArray x, int[] axes, boolean keepDims) {
        long n = 1;
        for (int a : axes) {
            n *= x.getShape().get(a < 0 ? x.getShape().dimension() + a : a);
        }
        return div(x.sum(axes, keepDims), n);
    }

    /** Squared Euclidean distances between the rows of {@code a [.., M, D]} and {@code b [.., N, D]}. */
    public static NDArray squaredDistances(NDArray a, NDArray b) {
        NDArray aa = pow(a, 2).sum(new int[] {-1}, true);
        NDArray bb = pow(b, 2).sum(new int[] {-1}, true).swapAxes(-1, -2);
        NDArray ab = a.matMul(b.swapAxes(-1, -2));
        return aa.add(bb).sub(mul(ab, 2));
    }

    /** Zero-pads the last two axes of {@code x} at the end up to {@code h x w}. */
    public static NDArray padBottomRight(NDArray x, long h, long w) {
        Shape s = x.getShape();
        int d = s.dimension();
        NDArray out = x;
        if (s.get(d - 2) < h) {
            Shape zs = s.slice(0, d - 2).addAll(new Shape(h - s.get(d - 2), s.get(d - 1)));
            out = NDArrays.concat(new ai.djl.ndarray.NDList(out, x.getManager().zeros(zs, x.getDataType())), d - 2);
        }
        Shape s2 = out.getShape();
        if (s2.get(d - 1) < w) {
            Shape zs = s2.slice(0, d - 1).add(w - s2.get(d - 1));
            out = NDArrays.concat(new ai.djl.ndarray.NDList(out, x.getManager().zeros(zs, x.getDataType())), d - 1);
        }
        return out;
    }
}
