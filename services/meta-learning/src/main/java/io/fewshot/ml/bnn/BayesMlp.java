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
 */
public final class BayesMlp {
    private final long[] sizes;

    /** @param sizes input, hidden..., output widths, e.g. {784, 256, 128, 64, 64, 5} */
    public BayesMlp(long... sizes) {
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

    /** Fresh Flipout noise for every layer, for a batch of {@code batch} examples per task. */
    public List<FlipoutNoise> sampleNoise(NDManager m, int tasks, long batch, DataType type) {
        List<FlipoutNoise> out = new ArrayList<>(layers());
        for (int l = 0; l < layers(); l++) {
            out.add(FlipoutNoise.sample(m, tasks, batch, sizes[l], sizes[l + 1], type));
        }
        return out;
    }

    /** One stochastic forward pass of {@code x [T, B, In]}; noise from {@link #sampleNoise}. */
    public Forward forward(NDArray x, List<GaussianLayer> layers, List<FlipoutNoise> noise) {
        checkLayers(layers);
        List<NDArray> inputs = new ArrayList<>(layers.size());
        List<NDArray> pre = new ArrayList<>(layers.size());
        NDArray a = x;
        for (int l = 0; l < layers.size(); l++) {
            inputs.add(a);
            NDArray z = FlipoutDense.forward(a, layers.get(l), noise.get(l));
            pre.add(z);
            a = l < layers.size() - 1 ? z.getNDArrayInternal().relu() : z;
        }
        return new Forward(inputs, pre, noise, a);
    }

    /** The deterministic network at the means (no noise). */
    public NDArray logitsAtMean(NDArray x, List<GaussianLayer> layers) {
        checkLayers(layers);
        NDArray a = x;
        for (int l = 0; l < layers.size(); l++) {
            NDArray z = FlipoutDense.atMean(a, layers.get(l));
            a = l < layers.size() - 1 ? z.getNDArrayInternal().relu() : z;
        }
        return a;
    }

    /** Sum over tasks of each task's mean cross-entropy: each task's gradient is its own. */
    public static NDArray taskLossSum(NDArray logits, NDArray labels) {
        return Ops.crossEntropy(logits, labels).mul(logits.getShape().get(0));
    }

    /**
     * d(taskLossSum)/d(means) for every layer: element l is {dWeightMean [T, In, Out],
     * dBiasMean [T, Out]}, differentiable in the means and variances.
     */
    public List<NDArray[]> meanGradient(Forward f, List<GaussianLayer> layers, NDArray labels) {
        NDArray logits = f.logits();
        long batch = logits.getShape().get(1);
        int ways = (int) logits.getShape().get(2);
        NDArray dz = logits.softmax(-1).sub(Ops.oneHot(labels, ways, logits.getDataType())).div(batch);
        NDArray[][] grads = new NDArray[layers.size()][];
        for (int l = layers.size() - 1; l >= 0; l--) {
            GaussianLayer layer = layers.get(l);
            NDArray in = f.inputs().get(l);
            grads[l] = new NDArray[] {in.transpose(0, 2, 1).matMul(dz), dz.sum(new int[] {1})};
            if (l > 0) {
                FlipoutNoise n = f.noise().get(l);
                NDArray dW = n.eps().mul(layer.weightSigma());
                NDArray da = dz.matMul(layer.weightMean().transpose(0, 2, 1))
                        .add(dz.mul(n.outSigns()).matMul(dW.transpose(0, 2, 1)).mul(n.inSigns()));
                NDArray mask = f.preActivations().get(l - 1).gt(0).toType(da.getDataType(), false);
                dz = da.mul(mask);
            }
        }
        return List.of(grads);
    }

    private void checkLayers(List<GaussianLayer> layers) {
        if (layers.size() != layers()) {
            throw new IllegalArgumentException("expected " + layers() + " layers, got " + layers.size());
        }
    }

    /** What the backward pass needs: each layer's input and pre-activation, the noise, the logits. */
    public record Forward(List<NDArray> inputs, List<NDArray> preActivations, List<FlipoutNoise> noise,
            NDArray logits) {
    }
}
