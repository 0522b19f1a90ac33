package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's method (Kim and Heo, "Amortized Inference of Bayesian Neural Network parameters for
 * solving Meta-learning problems"; ../shared/design/METHOD.md), for T tasks at once:
 * <ol>
 * <li>a frozen {@link FeatureExtractor} embeds the support set; {@link TaskEncoder} turns the class
 * means, in a random class order, into the LSTM's h0;
 * <li>the {@link Hypernetwork} LSTM, reading Gaussian noise, emits a Gaussian over every weight
 * and bias of the task network, one step per layer;
 * <li>a few SGD steps on the support loss, through Flipout samples, move the generated MEANS
 * (variances held): 1 step of 1.0 or 5 of 0.5 by default. The support gradient is explicit
 * ({@link BayesMlp#meanGradient}), so the outer gradient is second order; {@code firstOrder} detaches it;
 * <li>the loss is the query cross-entropy after the inner steps plus beta times the closed-form
 * KL of the GENERATED (pre-adaptation) Gaussian to N(0, 1), as a mean per generated weight (see
 * {@link BnnSettings#beta}); it trains the LSTM, the heads and the projection end to end.
 * </ol>
 * The task network is an MLP on pixels (FAITHFUL) or on the extractor's features (IMPROVED).
 * Training uses one weight sample per forward; predictions adapt once and then average the
 * softmax of {@code samples} Flipout samples of the adapted posterior, so calibration reflects it.
 *
 * <p>Our decisions where the paper is silent, each documented where it lives: the BNN's
 * 1/sqrt(In) parameterisation and task-centred hidden layers ({@link BayesMlp}); the zero-initialised
 * output layer, the heads' gain, the initial log-variance and the hyperprior noise
 * ({@link Hypernetwork}); dense versus low-rank heads ({@link LayerHead}); the h0 projection
 * ({@link TaskEncoder}); one Flipout eps shared by a meta-batch's tasks ({@link FlipoutNoise});
 * the KL's normalisation ({@link BnnSettings}); the pretrained backbone ({@link BackbonePretrainer},
 * {@link FeatureExtractorStore}). Evaluation is transductive like MAML's batch norm: the centring
 * uses the statistics of the batch being classified. The evaluator does not seed the native
 * generator, so two evaluations of one checkpoint differ by the Monte Carlo noise of the samples.
 */
public final class AmortizedBnn implements MetaLearner {
    private final BnnSettings settings;
    private final FeatureExtractor extractor;
    private final BayesMlp mlp;
    private final TaskEncoder encoder;
    private final Hypernetwork hyper;
    private final Params params;

    public AmortizedBnn(BnnSettings settings, FeatureExtractor extractor, int way, long pixels, NDManager m,
            long seed) {
        this(settings, extractor, way, pixels, m, seed, DataType.FLOAT32);
    }

    /** @param type the weights' type (float64 for gradient checks) */
    AmortizedBnn(BnnSettings settings, FeatureExtractor extractor, int way, long pixels, NDManager m, long seed,
            DataType type) {
        this.settings = settings;
        this.extractor = extractor;
        long in = settings.variant() == BnnSettings.Variant.FAITHFUL ? pixels : extractor.featureSize();
        long[] sizes = new long[settings.hidden().length + 2];
        sizes[0] = in;
        System.arraycopy(settings.hidden(), 0, sizes, 1, settings.hidden().length);
        sizes[sizes.length - 1] = way;
        this.mlp = new BayesMlp(settings.centered(), sizes);
        this.encoder = new TaskEncoder(way, extractor.featureSize(), settings.lstmHidden());
        this.hyper = new Hypernetwork(mlp, settings.lstmHidden(), settings.noiseSize(), settings.headRank(),
                settings.headDenseLimit());
        SplittableRandom rng = new SplittableRandom(seed);
        Params p = new Params();
        encoder.init(p, m, rng);
        hyper.init(p, m, rng);
        this.params = type == DataType.FLOAT32 ? p : p.map((k, v) -> v.toType(type, false));
    }

    public BayesMlp network() {
        return mlp;
    }

    public Hypernetwork hypernetwork() {
        return hyper;
    }

    @Override
    public Params parameters() {
        return params;
    }

    /** The frozen feature extractor's weights (empty for TorchScript): checkpoints carry them. */
    @Override
    public Params state() {
        return extractor.state();
    }

    @Override
    public Loss loss(EpisodeBatch b) {
        Inputs in = inputs(b);
        List<GaussianLayer> generated = generate(b, in);
        List<GaussianLayer> adapted = adapt(generated, in.support(), b.supportY(), settings.innerSteps(),
                settings.firstOrder());
        NDArray logits = sample(in.query(), adapted);
        NDArray kl = GaussianKl.perTask(generated).div(GaussianKl.count(generated)).mean();
        // A float beta: a 0-dim float32 tensor times a Java double would be promoted to float64.
        return new Loss(Ops.crossEntropy(logits, b.queryY()).add(kl.mul((float) settings.beta())), logits);
    }

    @Override
    public NDArray predict(EpisodeBatch b) {
        try (Autograd.Scope off = Autograd.disabled()) {
            Inputs in = inputs(b);
            List<GaussianLayer> adapted = adapt(generate(b, in), in.support(), b.supportY(),
                    settings.testInnerSteps(), true);
            NDArray probs = null;
            for (int s = 0; s < settings.samples(); s++) {
                NDArray p = sample(in.query(), adapted).softmax(-1);
                probs = probs == null ? p : probs.add(p);
            }
            return probs.div(settings.samples()).maximum(1e-30f).log();
        }
    }

    /** The Gaussian the hypernetwork generates for each task, before any inner step. */
    List<GaussianLayer> generate(EpisodeBatch b, Inputs in) {
        NDArray h0 = encoder.initialState(params, in.encoderSupport(), b.shot());
        return hyper.generate(params, h0);
    }

    /** {@code steps} SGD steps on the support loss, through fresh Flipout samples, on the means only. */
    List<GaussianLayer> adapt(List<GaussianLayer> layers, NDArray x, NDArray y, int steps, boolean detach) {
        List<GaussianLayer> current = layers;
        for (int s = 0; s < steps; s++) {
            BayesMlp.Forward f = mlp.forward(x, current, noise(x));
            List<NDArray[]> g = mlp.meanGradient(f, current, y);
            List<GaussianLayer> next = new ArrayList<>(current.size());
            for (int l = 0; l < current.size(); l++) {
                NDArray dw = detach ? g.get(l)[0].stopGradient() : g.get(l)[0];
                NDArray db = detach ? g.get(l)[1].stopGradient() : g.get(l)[1];
                GaussianLayer c = current.get(l);
                next.add(c.withMeans(c.weightMean().sub(dw.mul(settings.innerLr())),
                        c.biasMean().sub(db.mul(settings.innerLr()))));
            }
            current = next;
        }
        return current;
    }

    /** Logits {@code [T, B, N]} of one Flipout weight sample. */
    private NDArray sample(NDArray x, List<GaussianLayer> layers) {
        return mlp.forward(x, layers, noise(x)).logits();
    }

    private List<FlipoutNoise> noise(NDArray x) {
        Shape s = x.getShape();
        return mlp.sampleNoise(x.getManager(), (int) s.get(0), s.get(1), x.getDataType());
    }

    /** The BNN's support and query inputs {@code [T, B, D]}, and the encoder's support features. */
    Inputs inputs(EpisodeBatch b) {
        NDArray supportFeatures = features(b.supportX());
        if (settings.variant() == BnnSettings.Variant.IMPROVED) {
            return new Inputs(supportFeatures, features(b.queryX()), supportFeatures);
        }
        return new Inputs(flatten(b.supportX()), flatten(b.queryX()), supportFeatures);
    }

    private NDArray features(NDArray images) {
        Shape s = images.getShape();
        NDArray flat = images.reshape(new Shape(s.get(0) * s.get(1)).addAll(s.slice(2)));
        return extractor.embed(flat).reshape(s.get(0), s.get(1), -1);
    }

    private static NDArray flatten(NDArray images) {
        Shape s = images.getShape();
        return images.reshape(s.get(0), s.get(1), -1);
    }

    record Inputs(NDArray support, NDArray query, NDArray encoderSupport) {
    }
}
