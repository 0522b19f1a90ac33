package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
 * batch norm, with no running statistics. The support-loss gradient of the inner step is PyTorch's
 * own ({@link Autograd#gradient}), differentiable for second-order MAML.
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

    /** Logits {@code [T, B, ways]} of {@code x [T, B, C, H, W]} under per-task weights {@code [T, ...]}. */
    public NDArray logits(NDArray x, Params w) {
        Shape s = x.getShape();
        int t = (int) s.get(0);
        long b = s.get(1);
        NDArray a = x.transpose(1, 0, 2, 3, 4).reshape(b, t * s.get(2), s.get(3), s.get(4));
        for (int i = 0; i < Conv4.BLOCKS; i++) {
            NDArray wi = w.get("conv" + i + ".w");
            Shape ws = wi.getShape();
            NDArray c = asTwoTasksIfOne(t, a, wi.reshape(t * ws.get(1), ws.get(2), 3, 3), ws.get(1),
                    (x2, w2, groups) -> Ops.conv3x3(x2, w2, groups, stride()));
            NDArray n = batchNorm(c, w.get("bn" + i + ".gamma"), w.get("bn" + i + ".beta"));
            // Max-pool before ReLU: the same values and gradient, the ReLU on a quarter of the map (as Conv4).
            a = network == Network.POOLED ? Ops.maxPool2(n).getNDArrayInternal().relu() : n.getNDArrayInternal().relu();
        }
        NDArray map = network == Network.POOLED ? a : Ops.mean(a, new int[] {2, 3}, false);
        NDArray features = map.reshape(b, t, -1).transpose(1, 0, 2);
        return features.matMul(w.get("head.w")).add(w.get("head.b").expandDims(1));
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
     * differentiable in {@code w} when {@code createGraph}, else detached (first-order MAML, evaluation). Grad
     * mode is on for the call; with {@code createGraph} off the weights need not require gradients.
     */
    public Params supportGradient(NDArray x, Params w, NDArray labels, boolean createGraph) {
        try (Autograd.Scope on = Autograd.enabled()) {
            Params at = createGraph ? w : w.map((k, v) -> {
                NDArray leaf = v.stopGradient();
                leaf.setRequiresGradient(true);
                return leaf;
            });
            List<String> names = at.names();
            List<NDArray> grads = Autograd.gradient(taskLossSum(logits(x, at), labels),
                    names.stream().map(at::get).toList(), createGraph);
            Params g = new Params();
            for (int i = 0; i < names.size(); i++) {
                g.put(names.get(i), grads.get(i));
            }
            return g;
        }
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

    /** Casts every weight, e.g. to float64 for gradient checks. */
    public static Params cast(Params p, DataType type) {
        return p.map((k, v) -> v.toType(type, false));
    }
}
