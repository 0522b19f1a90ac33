package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
 * <li>a frozen {@link FeatureExtractor} (or, with {@code tuneBackbone}, a trained copy of our pretrained
 * Conv-4) embeds the support set; {@link TaskEncoder} turns the class
 * means, in a random class order, into the LSTM's h0;
 * <li>the {@link Hypernetwork} LSTM, reading Gaussian noise, emits a Gaussian over every weight
 * and bias of the task network, one step per layer;
 * <li>a few SGD steps on the support loss, through Flipout samples, move the generated MEANS
 * (variances held): 1 step of 1.0 or 5 of 0.5 by default. The support gradient is explicit
 * ({@link BayesMlp#innerStep}; the first layer's in kernel form), so the outer gradient is second order;
 * {@code firstOrder} detaches it;
 * <li>the loss is a tempered ELBO per task, averaged over tasks (see {@link #loss}).
 * </ol>
 * The task network is an MLP on pixels (FAITHFUL) or on the extractor's features (IMPROVED).
 *
 * <p>One <em>complete draw</em> is: a fresh random class order and fresh hyperprior noise, the
 * generated Gaussian, the inner steps through fresh Flipout samples, and one Flipout sample on the
 * query. Training takes {@code trainSamples} draws per task (default 1); prediction averages the
 * PROBABILITIES of {@code samples} draws (default 10), so the predictive distribution integrates
 * over everything the model is uncertain about, not only over weights around one adaptation.
 *
 * <p>{@link #deterministic()} is the same trained network with every source of noise switched off
 * (weight noise sigma forced to 0, hyperprior noise at its mean 0, the class order as given): one
 * point estimate, so that an evaluation can show what the Bayesian part adds.
 *
 * <p>Our decisions where the paper is silent, each documented where it lives: the BNN's
 * 1/sqrt(In) parameterisation and task-centred hidden layers ({@link BayesMlp}); the zero-initialised
 * output layer, the heads' gain, the initial log-variance and the hyperprior noise
 * ({@link Hypernetwork}); dense versus low-rank heads ({@link LayerHead}); the h0 projection
 * ({@link TaskEncoder}); one Flipout eps shared by a meta-batch's tasks ({@link FlipoutNoise});
 * the KL's scale ({@link #loss}); the pretrained backbone ({@link BackbonePretrainer},
 * {@link FeatureExtractorStore}). Evaluation is transductive like MAML's batch norm: the centring
 * uses the statistics of the batch being classified. All noise comes from the native generator,
 * which the evaluator seeds per batch, so one checkpoint evaluates the same twice.
 */
public final class AmortizedBnn implements MetaLearner {
    /** Where a tuned backbone's weights sit among the parameters ({@link BnnSettings#tuneBackbone()}). */
    static final String BACKBONE = "backbone.";

    private final BnnSettings settings;
    private final FeatureExtractor extractor;
    private final BayesMlp mlp;
    private final TaskEncoder encoder;
    private final Hypernetwork hyper;
    private final Params params;
    /** Every noise source off: see {@link #deterministic()}. */
    private final boolean noiseless;

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
                settings.headDenseLimit(), settings.initialLogVariance());
        SplittableRandom rng = new SplittableRandom(seed);
        Params p = new Params();
        encoder.init(p, m, rng);
        hyper.init(p, m, rng);
        if (settings.tuneBackbone()) {
            tunable(extractor).trainableCopy(m).asMap().forEach((k, v) -> p.put(BACKBONE + k, v));
        }
        this.params = type == DataType.FLOAT32 ? p : p.map((k, v) -> v.toType(type, false));
        this.noiseless = false;
    }

    private AmortizedBnn(AmortizedBnn trained, boolean noiseless) {
        this.settings = trained.settings;
        this.extractor = trained.extractor;
        this.mlp = trained.mlp;
        this.encoder = trained.encoder;
        this.hyper = trained.hyper;
        this.params = trained.params;
        this.noiseless = noiseless;
    }

    /**
     * The same network, sharing these weights, with sigma forced to 0: weights at their (adapted)
     * means in the inner steps and on the query, the hyperprior noise at its mean 0, and the
     * support's class order as given (no random permutation), so that every draw is the same one
     * and a prediction is a single draw. Its loss has no KL (a point estimate has none).
     */
    public AmortizedBnn deterministic() {
        return noiseless ? this : new AmortizedBnn(this, true);
    }

    public boolean isDeterministic() {
        return noiseless;
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

    /**
     * A tempered ELBO, per task, averaged over the T tasks of the batch:
     * <pre>  loss = (1/|D|) sum_{query} -log p(y | x, theta)  +  (beta/|D|) KL( q(theta | support) || N(0, I) )</pre>
     * that is the negative ELBO of the task's query set divided by |D|, with |D| = N x Q, the number
     * of QUERY points of one task that the data term averages over (the support set conditions q,
     * it is not in the likelihood). beta = 1 is the true ELBO; beta &lt; 1 is a tempered posterior.
     * The KL is SUMMED over every weight and bias of every layer, in closed form, for the Gaussian
     * the query is sampled from: the ADAPTED one (generated, then moved by the inner steps). With
     * {@code trainSamples} complete draws, both terms are averaged over draws; the KL of each draw
     * is that of its own hyperprior noise, so the loss bounds the mixture's ELBO from below
     * (KL is jointly convex).
     *
     * <p>With the {@link BnnSettings.Objective#PREDICTIVE predictive} objective the data term is instead
     * the NLL of the draws' AVERAGED probabilities, -log (1/S) sum_s p(y | x, theta_s): the distribution
     * that {@link #predict} scores (as VERSA trains its amortized predictive, Gordon et al. 2019), never
     * above the ELBO's data term (Jensen). Why: the ELBO rewards each draw for being confident on its own,
     * and draws that are confident but disagree average to an under-confident prediction.
     */
    @Override
    public Loss loss(EpisodeBatch b) {
        Inputs in = inputs(b);
        int draws = noiseless ? 1 : settings.trainSamples();
        List<NDArray> logProbs = new ArrayList<>(draws);
        NDArray kl = null;
        for (int s = 0; s < draws; s++) {
            Draw d = draw(b, in, settings.innerSteps(), settings.firstOrder());
            logProbs.add(d.queryLogits().logSoftmax(-1));
            NDArray k = GaussianKl.perTask(d.posterior()).mean();
            kl = kl == null ? k : kl.add(k);
        }
        if (noiseless) {
            return new Loss(Ops.crossEntropy(logProbs.get(0), b.queryY()), logProbs.get(0));
        }
        NDArray predictive = logMeanExp(logProbs);
        NDArray nll = settings.objective() == BnnSettings.Objective.PREDICTIVE
                ? Ops.crossEntropy(predictive, b.queryY())
                : Ops.div(logProbs.stream().map(lp -> Ops.crossEntropy(lp, b.queryY())).reduce(NDArray::add)
                        .orElseThrow(), draws);
        return new Loss(nll.add(Ops.mul(Ops.div(kl, draws), klWeight(b))), predictive);
    }

    /** log((1/S) sum_s exp(x_s)), stable: the log of the mean of the draws' probabilities. */
    private static NDArray logMeanExp(List<NDArray> logProbs) {
        if (logProbs.size() == 1) {
            return logProbs.get(0);
        }
        NDArray x = NDArrays.stack(new NDList(logProbs));
        NDArray max = x.max(new int[] {0}, true).stopGradient();
        return x.sub(max).exp().mean(new int[] {0}).log().add(max.squeeze(0));
    }

    /** beta / |D|: the KL's weight against the mean query NLL, with |D| = N x Q query points per task. */
    double klWeight(EpisodeBatch b) {
        return settings.beta() / b.queryY().getShape().get(1);
    }

    /**
     * Log of the mean of the predictive PROBABILITIES of {@code samples} draws of the noise that
     * {@code predictionNoise} names (complete draws by default; 1 draw if deterministic).
     */
    @Override
    public NDArray predict(EpisodeBatch b) {
        try (Autograd.Scope off = Autograd.disabled()) {
            Inputs in = inputs(b);
            boolean task = !noiseless && settings.predictionNoise().task();
            boolean weights = !noiseless && settings.predictionNoise().weights();
            int draws = task || weights ? settings.samples() : 1;
            NDArray probs = null;
            for (int s = 0; s < draws; s++) {
                NDArray p = draw(b, in, settings.testInnerSteps(), true, task, weights).queryLogits().softmax(-1);
                probs = probs == null ? p : probs.add(p);
            }
            return probs.div(draws).maximum(1e-30f).log();
        }
    }

    /**
     * One complete draw: class order and hyperprior noise, generation, inner steps, a query sample (none of
     * that noise, if deterministic).
     */
    Draw draw(EpisodeBatch b, Inputs in, int innerSteps, boolean detach) {
        return draw(b, in, innerSteps, detach, !noiseless, !noiseless);
    }

    /**
     * One draw of the noise named: {@code task}, the class order and the hyperprior noise; {@code weights}, the
     * Flipout samples of the inner steps and of the query.
     */
    Draw draw(EpisodeBatch b, Inputs in, int innerSteps, boolean detach, boolean task, boolean weights) {
        List<GaussianLayer> posterior = adapt(generate(b, in, task), in.support(), b.supportY(), innerSteps, detach,
                weights);
        return new Draw(posterior, mlp.forward(in.query(), posterior, noise(in.query(), weights)).logits());
    }

    /** The Gaussian the hypernetwork generates for each task, before any inner step. */
    List<GaussianLayer> generate(EpisodeBatch b, Inputs in) {
        return generate(b, in, !noiseless);
    }

    private List<GaussianLayer> generate(EpisodeBatch b, Inputs in, boolean task) {
        NDArray h0 = encoder.initialState(params, in.encoderSupport(), b.shot(), task);
        return hyper.generate(params, h0, task);
    }

    /** {@code steps} SGD steps on the support loss, through fresh Flipout samples, on the means only. */
    private List<GaussianLayer> adapt(List<GaussianLayer> layers, NDArray x, NDArray y, int steps, boolean detach,
            boolean weights) {
        List<GaussianLayer> current = layers;
        for (int s = 0; s < steps; s++) {
            BayesMlp.Forward f = mlp.forward(x, current, noise(x, weights));
            current = mlp.innerStep(f, current, y, settings.innerLr(), detach);
        }
        return current;
    }

    /** Flipout noise for the inputs {@code x}: a fresh sample, or zero (the weights' means). */
    private List<FlipoutNoise> noise(NDArray x, boolean weights) {
        Shape s = x.getShape();
        return weights ? mlp.sampleNoise(x.getManager(), (int) s.get(0), s.get(1), x.getDataType())
                : mlp.zeroNoise(x.getManager(), (int) s.get(0), s.get(1), x.getDataType());
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
        NDArray f = settings.tuneBackbone() ? tunable(extractor).embed(flat, tunedBackbone()) : extractor.embed(flat);
        return f.reshape(s.get(0), s.get(1), -1);
    }

    /** The tuned backbone's weights, as the extractor names them. */
    private Params tunedBackbone() {
        Params w = new Params();
        params.asMap().forEach((k, v) -> {
            if (k.startsWith(BACKBONE)) {
                w.put(k.substring(BACKBONE.length()), v);
            }
        });
        return w;
    }

    private static Conv4Extractor tunable(FeatureExtractor e) {
        if (e instanceof Conv4Extractor c) {
            return c;
        }
        throw new IllegalArgumentException(BnnSettings.TUNE_BACKBONE + " trains our pretrained Conv-4; this run's "
                + "extractor is " + e.description());
    }

    private static NDArray flatten(NDArray images) {
        Shape s = images.getShape();
        return images.reshape(s.get(0), s.get(1), -1);
    }

    record Inputs(NDArray support, NDArray query, NDArray encoderSupport) {
    }

    /** The adapted Gaussian of one draw and the query logits sampled from it. */
    record Draw(List<GaussianLayer> posterior, NDArray queryLogits) {
    }
}
