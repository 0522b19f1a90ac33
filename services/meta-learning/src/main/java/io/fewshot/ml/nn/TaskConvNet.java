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
 * per task.
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
 * <p>The inner step's support-loss gradient is PyTorch's own ({@link Autograd#gradient}). For second-order MAML it
 * must stay differentiable; there the gradient each convolution passes to its input is written out as a grouped
 * transposed convolution while PyTorch differentiates the rest ({@link #secondOrderGradient}), so the outer backward
 * runs no convolution's double backward on an input gradient.
 */
public final class TaskConvNet {
    /** The name {@link #secondOrderGradient} gives a block's convolution output among what it differentiates for. */
    private static final String CONV_OUTPUT = "conv output";

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

    /** Logits {@code [T, B, ways]} of {@code x [T, B, C, H, W]} under per-task weights {@code [T, ...]}. */
    public NDArray logits(NDArray x, Params w) {
        return trace(x, w).logits();
    }

    /** The forward pass, keeping each block's input, convolution output and output for {@link #secondOrderGradient}. */
    private Trace trace(NDArray x, Params w) {
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
            NDArray n = batchNorm(c, w.get("bn" + i + ".gamma"), w.get("bn" + i + ".beta"));
            // Max-pool before ReLU: the same values and gradient, the ReLU on a quarter of the map (as Conv4).
            NDArray out = network == Network.POOLED ? Ops.maxPool2(n).getNDArrayInternal().relu()
                    : n.getNDArrayInternal().relu();
            blocks.add(new Block(a, c, out));
            a = out;
        }
        NDArray map = network == Network.POOLED ? a : Ops.mean(a, new int[] {2, 3}, false);
        NDArray features = map.reshape(b, t, -1).transpose(1, 0, 2);
        return new Trace(t, blocks, features.matMul(w.get("head.w")).add(w.get("head.b").expandDims(1)));
    }

    /**
     * PyTorch's batch norm on batch statistics per (task, channel), with per-task {@code gamma, beta [T, C]}.
     * Its kernels (and their double backward) replace about eight elementwise passes of a hand-written one; the
     * running statistics it requires are throwaway buffers that momentum 0 leaves as they are.
     */
    private static NDArray batchNorm(NDArray c, NDArray gamma, NDArray beta) {
        long channels = c.getShape().get(1);
        NDManager m = c.getManager();
        return Ops.batchNorm(c, m.zeros(new Shape(channels), c.getDataType()), m.ones(new Shape(channels),
                c.getDataType()), gamma.reshape(-1), beta.reshape(-1), true, 0.0, Conv4.BN_EPS);
    }

    /** Sum over tasks of each task's mean cross-entropy: each task's gradient is its own. */
    public static NDArray taskLossSum(NDArray logits, NDArray labels) {
        return Ops.mul(Ops.crossEntropy(logits, labels), logits.getShape().get(0));
    }

    /**
     * d(taskLossSum on {@code x, labels})/d(w) for every weight, shaped as the per-task weights {@code [T, ...]};
     * differentiable in {@code w} when {@code createGraph} (see {@link #secondOrderGradient}), else detached
     * (first-order MAML, evaluation). Grad mode is on for the call; with {@code createGraph} off the weights need not
     * require gradients.
     */
    public Params supportGradient(NDArray x, Params w, NDArray labels, boolean createGraph) {
        try (Autograd.Scope on = Autograd.enabled()) {
            if (createGraph) {
                return secondOrderGradient(x, w, labels);
            }
            Params at = w.map((k, v) -> {
                NDArray leaf = v.stopGradient();
                leaf.setRequiresGradient(true);
                return leaf;
            });
            return gradients(taskLossSum(logits(x, at), labels), null, at, false);
        }
    }

    /**
     * The support gradient as an expression the outer backward can differentiate, with no convolution's double
     * backward on an input gradient. PyTorch differentiates each block ({@code autograd.grad} with {@code
     * create_graph}, seeded with the block's output gradient) for its convolution's weight, its batch norm and, in the
     * last block, the head; the gradient passed down to the block below is written out as the grouped transposed
     * convolution ({@link Ops#conv3x3Transpose}), whose own backward is first order.
     *
     * <p>Why: PyTorch's double backward of a grouped convolution whose input gradient was taken computes the
     * weight's second-order term as one ungrouped large-kernel convolution per group, and PyTorch 2.7.1's ungrouped
     * float32 convolution is faulty on AMD EPYC (see {@link #asTwoTasksIfOne}): with it, second-order MAML's outer
     * gradient was non-finite in whole processes (docs/results/2026-12-02-maml-autograd). A weight gradient alone
     * double-differentiates into grouped convolutions only.
     */
    private Params secondOrderGradient(NDArray x, Params w, NDArray labels) {
        Trace f = trace(x, w);
        int last = Conv4.BLOCKS - 1;
        Params g = new Params();
        NDArray outGrad = null;
        for (int i = last; i >= 0; i--) {
            Block k = f.blocks().get(i);
            List<String> weights = new ArrayList<>(List.of("conv" + i + ".w", "bn" + i + ".gamma", "bn" + i + ".beta"));
            if (i == last) {
                weights.addAll(List.of("head.w", "head.b"));
            }
            Params at = new Params();
            weights.forEach(name -> at.put(name, w.get(name)));
            if (i > 0) {
                at.put(CONV_OUTPUT, k.conv());
            }
            Params d = i == last ? gradients(taskLossSum(f.logits(), labels), null, at, true)
                    : gradients(k.output(), outGrad, at, true);
            weights.forEach(name -> g.put(name, d.get(name)));
            if (i > 0) {
                int t = f.tasks();
                Shape in = k.input().getShape();
                outGrad = asTwoTasksIfOne(t, d.get(CONV_OUTPUT), w.get("conv" + i + ".w"), in.get(1) / t,
                        (d2, w2, groups) -> stride() == 1 ? Ops.conv3x3Transpose(d2, w2)
                                : Ops.conv3x3Stride2Transpose(d2, w2, in.get(2), in.get(3)));
            }
        }
        return g;
    }

    /**
     * d(output)/d(each array of {@code at}) seeded with {@code outputGrad} ({@link Autograd#vectorJacobianProduct}),
     * or the gradient of a scalar {@code output} when {@code outputGrad} is null.
     */
    private static Params gradients(NDArray output, NDArray outputGrad, Params at, boolean createGraph) {
        List<String> names = at.names();
        List<NDArray> inputs = names.stream().map(at::get).toList();
        List<NDArray> grads = outputGrad == null ? Autograd.gradient(output, inputs, createGraph)
                : Autograd.vectorJacobianProduct(output, outputGrad, inputs, createGraph);
        Params g = new Params();
        for (int i = 0; i < names.size(); i++) {
            g.put(names.get(i), grads.get(i));
        }
        return g;
    }

    private int stride() {
        return network == Network.STRIDED ? 2 : 1;
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

    /** A forward pass: the task count, each block, and the logits. */
    private record Trace(int tasks, List<Block> blocks, NDArray logits) {
    }

    /** A block's input, its convolution's output (batch norm's input) and its output. */
    private record Block(NDArray input, NDArray conv, NDArray output) {
    }

    /** Casts every weight, e.g. to float64 for gradient checks. */
    public static Params cast(Params p, DataType type) {
        return p.map((k, v) -> v.toType(type, false));
    }
}
