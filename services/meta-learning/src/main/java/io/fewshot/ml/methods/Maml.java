package io.fewshot.ml.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.TaskConvNet;
import java.util.SplittableRandom;

/**
 * MAML (Finn et al. 2017) and Meta-SGD (Li et al. 2017) on Conv-4.
 *
 * <p>Each task starts from the shared initialisation and takes a few SGD steps on its support
 * set; the query loss after those steps trains the initialisation. Meta-SGD is the same with a
 * learned learning rate per parameter (initialised to {@code innerLr}) instead of one scalar.
 * Second order by default: the inner gradient is taken with {@code create_graph}, so the outer
 * gradient flows through it; {@code firstOrder} detaches it.
 * All T tasks of a meta-batch adapt at once as one grouped network.
 */
public final class Maml implements MetaLearner {
    private static final String LR_PREFIX = "lr.";

    private final TaskConvNet net;
    private final Params init;
    private final Params learnedLr;
    private final Params all;
    private final int innerSteps;
    private final int testInnerSteps;
    private final double innerLr;
    private final boolean firstOrder;

    /**
     * @param metaSgd learn a per-parameter inner learning rate (Meta-SGD) instead of a fixed one
     */
    public static Maml create(NDManager m, TaskConvNet net, long seed, int innerSteps, int testInnerSteps,
            double innerLr, boolean firstOrder, boolean metaSgd) {
        Params init = net.init(m, new SplittableRandom(seed));
        Params learnedLr = metaSgd ? init.map((k, v) -> m.full(v.getShape(), (float) innerLr)) : null;
        return new Maml(net, init, learnedLr, innerSteps, testInnerSteps, innerLr, firstOrder);
    }

    /**
     * @param init      the shared initialisation (meta-parameters)
     * @param learnedLr per-parameter inner learning rates (Meta-SGD), or null for the scalar {@code innerLr}
     */
    public Maml(TaskConvNet net, Params init, Params learnedLr, int innerSteps, int testInnerSteps, double innerLr,
            boolean firstOrder) {
        this.net = net;
        this.init = init;
        this.learnedLr = learnedLr;
        this.innerSteps = innerSteps;
        this.testInnerSteps = testInnerSteps;
        this.innerLr = innerLr;
        this.firstOrder = firstOrder;
        this.all = new Params();
        init.asMap().forEach(all::put);
        if (learnedLr != null) {
            learnedLr.asMap().forEach((k, v) -> all.put(LR_PREFIX + k, v));
        }
    }

    @Override
    public Params parameters() {
        return all;
    }

    @Override
    public Params state() {
        return new Params();
    }

    @Override
    public Loss loss(EpisodeBatch b) {
        Params fast = adapt(b, innerSteps, firstOrder);
        NDArray logits = net.logits(b.queryX(), fast);
        return new Loss(Ops.crossEntropy(logits, b.queryY()), logits);
    }

    @Override
    public NDArray predict(EpisodeBatch b) {
        try (Autograd.Scope off = Autograd.disabled()) {
            Params fast = adapt(b, testInnerSteps, true);
            return net.logits(b.queryX(), fast).logSoftmax(-1);
        }
    }

    /** The per-task weights after {@code steps} SGD steps on each task's support set. */
    Params adapt(EpisodeBatch b, int steps, boolean detachGradient) {
        Params fast = TaskConvNet.expand(init, b.tasks());
        for (int s = 0; s < steps; s++) {
            Params g = net.supportGradient(b.supportX(), fast, b.supportY(), !detachGradient);
            fast = fast.map((k, w) -> w.sub(scaled(k, g.get(k))));
        }
        return fast;
    }

    /** The inner-loop update of one weight: lr * gradient, the lr scalar or learned (Meta-SGD). */
    private NDArray scaled(String name, NDArray gradient) {
        return learnedLr == null ? Ops.mul(gradient, innerLr) : gradient.mul(learnedLr.get(name).expandDims(0));
    }

    public TaskConvNet network() {
        return net;
    }
}
