package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Conv-4 plus a linear classifier, run on T tasks at once with a separate set of (fast) weights
 * per task, and with its support-loss gradient written out as a differentiable expression.
 *
 * <p>Two Conv-4s ({@link Network}): {@code POOLED}, 3x3 conv, batch norm, ReLU, 2x2 max-pool per block,
 * features flattened (Vinyals et al.; Finn et al.'s miniImageNet network); and {@code STRIDED}, Finn et al.'s
 * Omniglot network: 3x3 conv with stride 2, batch norm, ReLU, no pooling, features averaged over the
 * last map (their code's {@code reduce_mean}), about 3.7x fewer multiply-adds on 28x28 images.
 *
 * <p>Why this shape: MAML and Meta-SGD adapt weights per task, and tiny tasks run one at a time
 * are dominated by per-op overhead. Stacking the T tasks' channels and running grouped
 * convolutions ({@code groups = T}) does all tasks in one kernel call. Batch norm over such a
 * stack normalises each (task, channel) over the task's own batch: exactly MAML's transductive
 * batch norm, with no running statistics.
 *
 * <p>Why an explicit gradient: the inner step {@code w' = w - lr * dL_support/dw} must stay
 * differentiable for second-order MAML. PyTorch would build that with {@code create_graph=true},
 * which through DJL leaks memory every step (see {@link Autograd}). Here the backward pass of
 * conv, batch norm, ReLU, max-pool, linear and softmax cross-entropy is written with ordinary
 * tensor ops, so the outer backward differentiates through it like any other expression, and
 * evaluation needs no autograd at all. ReLU and max-pool masks are piecewise constant and are
 * treated as constants, which is exact almost everywhere.
 */
public final class TaskConvNet {
    /** The block structure: see the class comment. */
    public enum Network {
        POOLED, STRIDED;

        /** "pooled" or "strided"; anything else is refused naming both. */
        public static Network parse(String name) {
            for (Network n : values()) {
                if (n.id().equals(name)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown network '" + name + "'; use pooled or strided");
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final int inChannels;
    private final int filters;
    private final int ways;
    private final Network network;
    private final long featureSize;

    /** The pooled network. */
    public TaskConvNet(int inChannels, int filters, int ways, int height, int width) {
        this(Network.POOLED, inChannels, filters, ways, height, width);
    }

    public TaskConvNet(Network network, int inChannels, int filters, int ways, int height, int width) {
        this.inChannels = inChannels;
        this.filters = filters;
        this.ways = ways;
        this.network = network;
        this.featureSize = network == Network.STRIDED ? filters
                : new Conv4(inChannels, filters).featureSize(height, width);
    }

    public Network network() {
        return network;
    }

    public int ways() {
        return ways;
    }

    public Params init(NDManager m, SplittableRandom rng) {
        Params p = new Conv4(inChannels, filters).init(m, rng);
        p.put("head.w", Init.glorotUniform(m, rng, new Shape(featureSize, ways), featureSize, ways));
        p.put("head.b", Init.constant(m, new Shape(ways), 0f));
        return p;
    }

    /** Shared weights broadcast to {@code tasks} copies (a differentiable view). */
    public static Params expand(Params shared, int tasks) {
        return shared.map((k, v) -> v.expandDims(0).broadcast(new Shape(tasks).addAll(v.getShape())));
    }

    /** Forward pass of {@code x [T, B, C, H, W]} with per-task weights {@code [T, ...]}. */
    public Forward forward(NDArray x, Params w) {
        Shape s = x.getShape();
        int t = (int) s.get(0);
        long b = s.get(1);
        NDArray a = x.transpose(1, 0, 2, 3, 4).reshape(b, t * s.get(2), s.get(3), s.get(4));
        List<Block> blocks = new ArrayList<>(Conv4.BLOCKS);
        for (int i = 0; i < Conv4.BLOCKS; i++) {
            NDArray wi = w.get("conv" + i + ".w");
            Shape ws = wi.getShape();
            NDArray c = asTwoTasksIfOne(t, a, wi.reshape(t * ws.get(1), ws.get(2), 3, 3), ws.get(1),
                    (x2, w2, groups) -> Ops.conv3x3(x2, w2, groups, stride()));
            NDArray mu = Ops.mean(c, new int[] {0, 2, 3}, true);
            NDArray d = c.sub(mu);
            NDArray inv = Ops.pow(Ops.mean(Ops.pow(d, 2), new int[] {0, 2, 3}, true).add(Conv4.BN_EPS), -0.5);
            NDArray xhat = d.mul(inv);
            NDArray gamma = w.get("bn" + i + ".gamma").reshape(1, -1, 1, 1);
            NDArray n = xhat.mul(gamma).add(w.get("bn" + i + ".beta").reshape(1, -1, 1, 1));
            NDArray r = n.getNDArrayInternal().relu();
            NDArray out = network == Network.POOLED ? Ops.maxPool2(r) : r;
            blocks.add(new Block(a, xhat, inv, gamma, n, r, out));
            a = out;
        }
        Shape as = a.getShape();
        NDArray map = network == Network.POOLED ? a : Ops.mean(a, new int[] {2, 3}, false);
        NDArray features = map.reshape(b, t, -1).transpose(1, 0, 2);
        NDArray logits = features.matMul(w.get("head.w")).add(w.get("head.b").expandDims(1));
        return new Forward(t, b, as, blocks, features, logits);
    }

    /** Sum over tasks of each task's mean cross-entropy: each task's gradient is its own. */
    public static NDArray taskLossSum(NDArray logits, NDArray labels) {
        return Ops.mul(Ops.crossEntropy(logits, labels), logits.getShape().get(0));
    }

    /**
     * d(taskLossSum)/d(w) for every weight, as differentiable expressions of the weights.
     * Shapes match the per-task weights {@code [T, ...]}.
     */
    public Params gradient(Forward f, Params w, NDArray labels) {
        int t = f.tasks;
        long b = f.batch;
        NDArray probs = f.logits.softmax(-1);
        NDArray oneHot = Ops.oneHot(labels, ways, f.logits.getDataType());
        NDArray dLogits = Ops.div(probs.sub(oneHot), b);
        Params g = new Params();
        NDArray headW = w.get("head.w");
        NDArray dHeadW = f.features.transpose(0, 2, 1).matMul(dLogits);
        NDArray dHeadB = dLogits.sum(new int[] {1});
        NDArray dFeatures = dLogits.matMul(headW.transpose(0, 2, 1)).transpose(1, 0, 2);
        Shape last = f.lastShape;
        NDArray da = network == Network.POOLED ? dFeatures.reshape(last)
                : Ops.div(dFeatures.reshape(last.get(0), last.get(1), 1, 1).broadcast(last), last.get(2) * last.get(3));
        NDArray[] dConv = new NDArray[Conv4.BLOCKS];
        NDArray[] dGamma = new NDArray[Conv4.BLOCKS];
        NDArray[] dBeta = new NDArray[Conv4.BLOCKS];
        for (int i = Conv4.BLOCKS - 1; i >= 0; i--) {
            Block k = f.blocks.get(i);
            NDArray dr = network == Network.POOLED ? maxPoolBackward(k.relu, k.pooled, da) : da;
            NDArray dn = dr.mul(k.preRelu.gt(0).toType(dr.getDataType(), false));
            int[] stats = {0, 2, 3};
            NDArray sumDn = dn.sum(stats, true);
            NDArray sumDnXhat = dn.mul(k.xhat).sum(stats, true);
            dGamma[i] = sumDnXhat.reshape(t, -1);
            dBeta[i] = sumDn.reshape(t, -1);
            // Batch norm's backward, (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) * inv with dxhat = gamma * dn:
            // both means are gamma times the sums just taken, so no full-size pass is repeated.
            long count = dn.getShape().size() / dn.getShape().get(1);
            NDArray dc = dn.sub(Ops.div(sumDn, count)).sub(k.xhat.mul(Ops.div(sumDnXhat, count)))
                    .mul(k.gamma.mul(k.inv));
            NDArray wi = w.get("conv" + i + ".w");
            dConv[i] = convWeightGradient(k.input, dc, t, wi.getShape(), stride());
            if (i > 0) {
                Shape in = k.input.getShape();
                da = asTwoTasksIfOne(t, dc, wi, in.get(1) / t, (d2, w2, groups) -> stride() == 1
                        ? Ops.conv3x3Transpose(d2, w2) : Ops.conv3x3Stride2Transpose(d2, w2, in.get(2), in.get(3)));
            }
        }
        for (int i = 0; i < Conv4.BLOCKS; i++) {
            g.put("conv" + i + ".w", dConv[i]);
            g.put("bn" + i + ".gamma", dGamma[i]);
            g.put("bn" + i + ".beta", dBeta[i]);
        }
        g.put("head.w", dHeadW);
        g.put("head.b", dHeadB);
        return g;
    }

    /** Routes the pooled gradient to the max of each 2x2 window (ties share it; see class doc). */
    private static NDArray maxPoolBackward(NDArray input, NDArray pooled, NDArray dPooled) {
        Shape s = input.getShape();
        long h = pooled.getShape().get(2) * 2;
        long wd = pooled.getShape().get(3) * 2;
        NDArray cropped = (h == s.get(2) && wd == s.get(3)) ? input : input.get(":, :, :" + h + ", :" + wd);
        NDArray up = pooled.repeat(2, 2).repeat(3, 2);
        NDArray mask = cropped.eq(up).toType(input.getDataType(), false);
        NDArray d = mask.mul(dPooled.repeat(2, 2).repeat(3, 2));
        return Ops.padBottomRight(d, s.get(2), s.get(3));
    }

    private int stride() {
        return network == Network.STRIDED ? 2 : 1;
    }

    /**
     * dW for a grouped 3x3 convolution: a correlation of the (padded) input with the output gradient,
     * computed as another grouped convolution with batch and channel axes swapped. With stride s the
     * output gradient is that convolution's kernel dilated by s; its output can exceed 3x3 by the rows
     * the forward stride never reached, which are cut off.
     */
    private static NDArray convWeightGradient(NDArray input, NDArray dOut, int t, Shape wShape, int stride) {
        Shape is = input.getShape();
        Shape os = dOut.getShape();
        long b = is.get(0);
        long ci = wShape.get(2);
        long co = wShape.get(1);
        NDArray a = input.reshape(b, t, ci, is.get(2), is.get(3)).transpose(2, 1, 0, 3, 4)
                .reshape(ci, t * b, is.get(2), is.get(3));
        NDArray k = dOut.reshape(b, t, co, os.get(2), os.get(3)).transpose(1, 2, 0, 3, 4)
                .reshape(t * co, b, os.get(2), os.get(3));
        NDArray out = asTwoTasksIfOne(t, a, k, co, (a2, k2, groups) -> Ops.dilatedConv(a2, k2, stride, groups));
        if (out.getShape().get(2) != 3 || out.getShape().get(3) != 3) {
            out = out.get(":, :, :3, :3");
        }
        return out.reshape(ci, t, co, 3, 3).transpose(1, 2, 0, 3, 4);
    }

    /** A grouped convolution of {@code t} tasks: the input's channels and the weights' first axis hold the tasks. */
    private interface TaskConvolution {
        NDArray apply(NDArray x, NDArray w, int groups);
    }

    /**
     * {@code conv} on {@code t} tasks; one task runs as two identical ones, keeping the first's {@code outChannels}.
     * Why: PyTorch 2.7.1's ungrouped float32 convolution on contiguous maps gave wrong results on AMD EPYC with
     * AVX-512 (2026-12-02): input gradients of 4-8 channel 3x3 convs off by up to 80% of their scale, the large-kernel
     * weight-gradient correlation by ~40% whatever the filters, NaN at times; two groups and more agree with float64.
     * MAML and Meta-SGD meet one task per convolution in a chunk or evaluation batch of one.
     */
    private static NDArray asTwoTasksIfOne(int t, NDArray x, NDArray w, long outChannels, TaskConvolution conv) {
        if (t > 1) {
            return conv.apply(x, w, t);
        }
        return conv.apply(x.concat(x, 1), w.concat(w, 0), 2).get(":, :" + outChannels);
    }

    /** Everything the backward pass needs from a forward pass. */
    public record Forward(int tasks, long batch, Shape lastShape, List<Block> blocks, NDArray features,
            NDArray logits) {
    }

    record Block(NDArray input, NDArray xhat, NDArray inv, NDArray gamma, NDArray preRelu, NDArray relu,
            NDArray pooled) {
    }

    /** Casts every weight, e.g. to float64 for gradient checks. */
    public static Params cast(Params p, DataType type) {
        return p.map((k, v) -> v.toType(type, false));
    }
}
