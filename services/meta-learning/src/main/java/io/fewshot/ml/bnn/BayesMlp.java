package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.fewshot.ml.nn.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * The task network: a Bayesian MLP of {@link FlipoutDense} layers with ReLU between them and
 * softmax cross-entropy on top, for T tasks at once, with the gradient of the support loss with
 * respect to the weight and bias MEANS written out as a differentiable expression.
 *
 * <p>Why explicit: the inner SGD step {@code mu' = mu - lr * dL/dmu} must stay differentiable for
 * the second-order outer gradient, and through DJL {@code create_graph=true} leaks the graph every
 * step (see {@link io.fewshot.ml.nn.Autograd}). With W = mu + sigma ∘ eps under Flipout, the
 * perturbation does not depend on mu, so dL/dmu = x^T · dOut exactly; the noise and sign vectors
 * are constants of the step, and ReLU masks are treated as constants (exact almost everywhere).
 *
 * <p>Parameterisation (our decision; the paper is silent): every layer scales its input by
 * 1/sqrt(In), z = (x/sqrt(In))·W + b, with weights of order 1 (the "NTK parameterisation",
 * Jacot et al. 2018). The paper's choices only make sense on that scale: its prior N(0, 1) is about
 * 20x wider than any useful weight of a 784-input layer in the standard parameterisation, and its
 * inner learning rate 1.0 would move a layer's output by lr·|x|² ≈ 784 times its error signal
 * (measured: query loss ≈ 200 after one inner step at initialisation). With the scaling, a prior of
 * N(0, 1) is on the weights' own scale and one SGD step of 1.0 is a step of order one.
 *
 * <p>Task centering (optional, on by default; our decision, as MAML's fully connected network
 * has batch norm after every hidden layer): each hidden layer's weight output is centred over
 * the task's batch before the bias is added, mean-only batch norm (Salimans and Kingma 2016)
 * computed per task and pass, as MAML's transductive batch norm is. Without it, ReLU features of
 * different images share a large common component, so an inner step moves every query's logits
 * alike. (Measured on Omniglot 5-way 1-shot: with neither centering nor the zero-initialised output
 * layer of {@link Hypernetwork}, training accuracy stayed at chance for 100 outer steps; with both
 * it passed 40% within 10.)
 */
public final class BayesMlp {
    private final long[] sizes;
    private final boolean centered;

    /** @param sizes input, hidden..., output widths, e.g. {784, 256, 128, 64, 64, 5}; no centering */
    public BayesMlp(long... sizes) {
        this(false, sizes);
    }

    /** @param centered centre every hidden layer's weight output over the task's batch (see above) */
    public BayesMlp(boolean centered, long... sizes) {
        this.centered = centered;
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a BNN needs at least an input and an output size");
        }
        for (long s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer sizes must be positive: " + java.util.Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
    }

    public int layers() {
        return sizes.length - 1;
    }

    public long inputs(int layer) {
        return sizes[layer];
    }

    public long outputs(int layer) {
        return sizes[layer + 1];
    }

    /** The factor 1/sqrt(In) on layer {@code l}'s input (see the class comment). */
    public float inputScale(int layer) {
        return (float) (1 / Math.sqrt(sizes[layer]));
    }

    /**
     * Fresh Flipout noise for every layer, for a batch of {@code batch} examples per task, with one
     * weight perturbation shared by the tasks (see {@link FlipoutNoise#sample}).
     */
    public List<FlipoutNoise> sampleNoise(NDManager m, int tasks, long batch, DataType type) {
        List<FlipoutNoise> out = new ArrayList<>(layers());
        for (int l = 0; l < layers(); l++) {
            out.add(FlipoutNoise.sample(m, tasks, batch, sizes[l], sizes[l + 1], type, true));
        }
        return out;
    }

    /** Noise that is all zero (signs +1): a forward pass with it is the network at its means. */
    public List<FlipoutNoise> zeroNoise(NDManager m, int tasks, long batch, DataType type) {
        List<FlipoutNoise> out = new ArrayList<>(layers());
        for (int l = 0; l < layers(); l++) {
            out.add(FlipoutNoise.zero(m, tasks, batch, sizes[l], sizes[l + 1], type));
        }
        return out;
    }

    /**
     * One stochastic forward pass of {@code x [T, B, In]}; noise from {@link #sampleNoise}. The
     * recorded inputs are the scaled ones that each layer multiplies with its weights.
     */
    public Forward forward(NDArray x, List<GaussianLayer> layers, List<FlipoutNoise> noise) {
        checkLayers(layers);
        List<NDArray> inputs = new ArrayList<>(layers.size());
        List<NDArray> pre = new ArrayList<>(layers.size());
        List<NDArray> perturbations = new ArrayList<>(layers.size());
        NDArray a = x;
        for (int l = 0; l < layers.size(); l++) {
            GaussianLayer g = layers.get(l);
            NDArray in = Ops.mul(a, inputScale(l));
            inputs.add(in);
            NDArray dW = FlipoutDense.perturbation(g, noise.get(l));
            perturbations.add(dW);
            NDArray z = center(l, FlipoutDense.weighted(in, g, dW, noise.get(l)))
                    .add(FlipoutDense.bias(g, noise.get(l)).expandDims(1));
            pre.add(z);
            a = l < layers.size() - 1 ? z.getNDArrayInternal().relu() : z;
        }
        return new Forward(inputs, pre, noise, perturbations, a);
    }

    /** The deterministic network at the means (no noise). */
    public NDArray logitsAtMean(NDArray x, List<GaussianLayer> layers) {
        checkLayers(layers);
        NDArray a = x;
        for (int l = 0; l < layers.size(); l++) {
            GaussianLayer g = layers.get(l);
            NDArray z = center(l, g.meanProduct(Ops.mul(a, inputScale(l)))).add(g.biasMean().expandDims(1));
            a = l < layers.size() - 1 ? z.getNDArrayInternal().relu() : z;
        }
        return a;
    }

    /**
     * The inner steps' support loss, summed over tasks so that each task's gradient is its own: per
     * task, the SUM over the N classes of each class's mean cross-entropy, i.e. N times the mean over
     * the support set (the support is class-balanced).
     *
     * <p>Why not the plain mean (our decision; the paper gives one inner learning rate for every N):
     * under the mean, the gradient that binds output unit j to class j comes from class j's 1/N share
     * of the support, so a step of fixed size moves the logits N times less at 20-way than at 1-way
     * and 4 times less than at 5-way. Measured (quick profile, 60 s, Omniglot): with the mean, 1 step
     * of 1.0 at 20-way 1-shot stayed at chance (5.0%: the step's signal is below the weight noise,
     * and meta-training never gets a gradient); with the class sum it reached 42.7%, and 5-way 1-shot
     * went from 58.1% to 63.4% (5-step cells: 61.4% to 63.8% at 5-way, 27.9% to 41.0% at 20-way).
     */
    public static NDArray supportLoss(NDArray logits, NDArray labels) {
        long ways = logits.getShape().get(2);
        return Ops.mul(Ops.crossEntropy(logits, labels), logits.getShape().get(0) * ways);
    }

    /**
     * d(supportLoss)/d(means) for every layer: element l is {dWeightMean [T, In, Out],
     * dBiasMean [T, Out]}, differentiable in the means and variances.
     */
    public List<NDArray[]> meanGradient(Forward f, List<GaussianLayer> layers, NDArray labels) {
        List<NDArray[]> out = new ArrayList<>(layers.size());
        List<NDArray[]> g = outputGradients(f, layers, labels, 1);
        for (int l = 0; l < layers.size(); l++) {
            out.add(new NDArray[] {weightGradient(f.inputs().get(l), g.get(l)[0]), g.get(l)[1]});
        }
        return out;
    }

    /**
     * One inner SGD step of learning rate {@code lr} on the support loss of the forward pass {@code f}: the
     * means move, the variances stay. The first layer's step is kept in kernel form (its input, the support,
     * is the same at every step; see {@link GaussianLayer.KernelSteps}), the others' are written out.
     *
     * @param detach treat the step as a constant (first order): no outer gradient through it
     */
    public List<GaussianLayer> innerStep(Forward f, List<GaussianLayer> layers, NDArray labels, double lr,
            boolean detach) {
        // The backward pass is linear in the logits' gradient, so lr scales a [T, B, N] tensor, not every update.
        List<NDArray[]> g = outputGradients(f, layers, labels, lr);
        List<GaussianLayer> next = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            NDArray in = detach ? f.inputs().get(l).stopGradient() : f.inputs().get(l);
            NDArray du = detach ? g.get(l)[0].stopGradient() : g.get(l)[0];
            NDArray db = detach ? g.get(l)[1].stopGradient() : g.get(l)[1];
            GaussianLayer layer = layers.get(l);
            next.add(l == 0 ? layer.withKernelStep(in, du, db)
                    : layer.withMeans(layer.weightMean().sub(weightGradient(in, du)), layer.biasMean().sub(db)));
        }
        return next;
    }

    /** A layer's weight gradient from its (scaled) input and its output gradient: {@code in^T · du}. */
    private static NDArray weightGradient(NDArray in, NDArray du) {
        return in.transpose(0, 2, 1).matMul(du);
    }

    /**
     * {@code scale} times d(supportLoss)/d(each layer's weight output u = in · W), through the centring, and
     * d(supportLoss)/d(bias): element l is {du [T, B, Out], dBias [T, Out]}.
     */
    private List<NDArray[]> outputGradients(Forward f, List<GaussianLayer> layers, NDArray labels, double scale) {
        NDArray logits = f.logits();
        long batch = logits.getShape().get(1);
        int ways = (int) logits.getShape().get(2);
        // d(supportLoss)/d(logits): (softmax - one-hot) / shots, shots = batch / ways (see supportLoss).
        NDArray dz = Ops.mul(logits.softmax(-1).sub(Ops.oneHot(labels, ways, logits.getDataType())),
                scale * ways / batch);
        NDArray[][] grads = new NDArray[layers.size()][];
        for (int l = layers.size() - 1; l >= 0; l--) {
            GaussianLayer layer = layers.get(l);
            // Through the centering: the gradient of u - mean(u) is dz - mean(dz).
            NDArray du = center(l, dz);
            grads[l] = new NDArray[] {du, dz.sum(new int[] {1})};
            if (l > 0) {
                FlipoutNoise n = f.noise().get(l);
                NDArray dW = f.perturbations().get(l);
                NDArray da = Ops.mul(layer.meanTransposedProduct(du)
                        .add(du.mul(n.outSigns()).matMul(dW.transpose(0, 2, 1)).mul(n.inSigns())), inputScale(l));
                NDArray mask = f.preActivations().get(l - 1).gt(0).toType(da.getDataType(), false);
                dz = da.mul(mask);
            }
        }
        return List.of(grads);
    }

    /** {@code u} minus its mean over the batch axis, for centred hidden layers; else {@code u}. */
    private NDArray center(int layer, NDArray u) {
        return centered && layer < layers() - 1 ? u.sub(u.mean(new int[] {1}, true)) : u;
    }

    private void checkLayers(List<GaussianLayer> layers) {
        if (layers.size() != layers()) {
            throw new IllegalArgumentException("expected " + layers() + " layers, got " + layers.size());
        }
    }

    /**
     * What the backward pass needs: each layer's (scaled) input, pre-activation, noise and weight
     * perturbation dW, and the logits.
     */
    public record Forward(List<NDArray> inputs, List<NDArray> preActivations, List<FlipoutNoise> noise,
            List<NDArray> perturbations, NDArray logits) {
    }
}
