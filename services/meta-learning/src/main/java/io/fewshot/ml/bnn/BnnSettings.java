package io.fewshot.ml.bnn;

import static io.fewshot.contracts.sweep.HyperKeys.BETA;
import static io.fewshot.contracts.sweep.HyperKeys.HIDDEN;
import static io.fewshot.contracts.sweep.HyperKeys.SAMPLES;
import static io.fewshot.contracts.sweep.HyperKeys.VARIANT;

import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.ml.methods.TrainingSettings;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The amortized BNN's reading of a RunSpec, with its defaults. Keys beyond {@code HyperKeys}
 * (LSTM size, noise size, head shape, encoder, pretraining) are the constants below.
 *
 * @param beta           temperature of the KL term: the loss is mean query NLL + (beta/|D|) x the KL
 *                       SUMMED over every generated weight and bias, |D| = N x Q query points per
 *                       task (see {@link AmortizedBnn#loss}); 1 is the true ELBO, below 1 a tempered one
 * @param samples        complete draws (class order, hyperprior noise, generation, inner steps,
 *                       query sample) whose predictive PROBABILITIES a prediction averages
 * @param trainSamples   complete draws per task in the training loss (their KL averaged; the data term
 *                       as the objective says)
 * @param objective      the data term over those draws: the ELBO's mean of their NLLs, or the NLL of their
 *                       averaged probabilities, the predictive that {@link AmortizedBnn#predict} scores
 * @param predictionNoise what a prediction's draws sample (all noise, the task's only, the weights' only);
 *                       training always samples all of it
 * @param initialLogVariance the log-variance every weight and bias starts at ({@link Hypernetwork})
 * @param hidden         hidden widths of the BNN
 * @param centered       centre hidden layers over each task's batch (see {@link BayesMlp})
 * @param encoder        {@code conv4} (pretrained here, via {@link FeatureExtractorStore}) or
 *                       {@code torchscript} (the file in {@code encoderModel})
 * @param tuneBackbone   train a copy of the pretrained Conv-4 jointly with the hypernetwork (its batch norm at the
 *                       pretrained running statistics) instead of keeping it frozen; conv4 encoder only
 * @param testInnerSteps inner steps at evaluation
 */
public record BnnSettings(Variant variant, double beta, int samples, int trainSamples, Objective objective,
        PredictionNoise predictionNoise, double initialLogVariance,
        long[] hidden, boolean centered,
        int lstmHidden, int noiseSize,
        int headRank, long headDenseLimit, String encoder, String encoderModel, boolean tuneBackbone,
        BackbonePretrainer.Settings pretrain,
        int innerSteps, int testInnerSteps, double innerLr, boolean firstOrder) {
    public static final String CENTERED = "centered";
    public static final String TRAIN_SAMPLES = "trainSamples";
    public static final String OBJECTIVE = "objective";
    public static final String PREDICTION_NOISE = "predictionNoise";
    public static final String INITIAL_LOG_VARIANCE = "initialLogVariance";
    /**
     * Defaults of beta and the initial log-variance, chosen on validation NLL and ECE by
     * {@code scripts/bench-bnn.sh search} (FAITHFUL 1-step, Omniglot 5w1s, 2 seeds; the tables are
     * in docs/architecture.md, departures). At 250 steps beta 1e-5 had the best val NLL at either
     * log-variance; beta >= 1e-3 (so the true ELBO, beta = 1) stays at chance, because the KL summed
     * over ~245k weights (~1e6 nats) outweighs the NLL of 25 query points; log-variance -2 stays at
     * chance. At 1000 steps log-variance -8 (sigma 0.018) degrades (val NLL 1.3 and 4.2) where -5
     * (sigma 0.08) keeps improving (0.686 and 0.683, better than beta 0's 0.773 and 0.670).
     */
    public static final double DEFAULT_BETA = 1e-5;
    public static final double DEFAULT_INITIAL_LOG_VARIANCE = -5;
    public static final String LSTM_HIDDEN = "lstmHidden";
    public static final String NOISE_SIZE = "noiseSize";
    public static final String HEAD_RANK = "headRank";
    public static final String HEAD_DENSE_LIMIT = "headDenseLimit";
    public static final String ENCODER = "encoder";
    public static final String ENCODER_MODEL = "encoderModel";
    public static final String TUNE_BACKBONE = HyperKeys.TUNE_BACKBONE;
    public static final String PRETRAIN_STEPS = HyperKeys.PRETRAIN_STEPS;
    public static final String PRETRAIN_BATCH = "pretrainBatch";
    /** The hyperparameters read here, besides {@link TrainingSettings#KEYS}. */
    public static final Set<String> KEYS = Set.of(VARIANT, BETA, SAMPLES, TRAIN_SAMPLES, OBJECTIVE, PREDICTION_NOISE,
            INITIAL_LOG_VARIANCE, HIDDEN, CENTERED, LSTM_HIDDEN, NOISE_SIZE, HEAD_RANK, HEAD_DENSE_LIMIT, ENCODER,
            ENCODER_MODEL, TUNE_BACKBONE, PRETRAIN_STEPS, PRETRAIN_BATCH);
    /** One pretraining seed for all runs, so that all runs on a dataset version share one backbone. */
    static final long PRETRAIN_SEED = 1;

    /** The training loss's data term over the {@code trainSamples} complete draws (see {@link AmortizedBnn#loss}). */
    public enum Objective {
        /** The mean of the draws' query NLLs: the (tempered) ELBO, the paper's objective. */
        ELBO,
        /** The query NLL of the draws' averaged probabilities: needs at least 2 draws to differ from the ELBO. */
        PREDICTIVE
    }

    /**
     * The randomness a prediction's draws sample; training samples all of it. Evaluation-only, so it can be
     * chosen on val for a trained run ({@code fsb-ml evaluate --pool val}).
     */
    public enum PredictionNoise {
        /** The class order, the hyperprior noise and the Flipout weight noise: the whole model's predictive. */
        ALL,
        /** The class order and the hyperprior noise only; the weights at their (adapted) means. */
        TASK,
        /** The Flipout weight noise only; the class order as given and the hyperprior noise at its mean 0. */
        WEIGHTS;

        /** The default: a prediction averages complete draws. */
        public static final PredictionNoise DEFAULT = ALL;

        /** As a spec writes it: "all", "task" or "weights". */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean task() {
            return this != WEIGHTS;
        }

        public boolean weights() {
            return this != TASK;
        }
    }

    public enum Variant {
        /** The BNN is an MLP on flattened pixels (MAML's fully connected network). */
        FAITHFUL,
        /** The BNN runs on the feature extractor's features. */
        IMPROVED
    }

    public static BnnSettings from(RunSpec spec) {
        TrainingSettings t = TrainingSettings.from(spec);
        String v = spec.hyper(VARIANT, "faithful").toUpperCase(Locale.ROOT);
        Variant variant;
        try {
            variant = Variant.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyperparameter " + VARIANT + " must be faithful or improved, was '"
                    + spec.hyper(VARIANT, "") + "'");
        }
        String encoder = spec.hyper(ENCODER, "conv4");
        if (!encoder.equals("conv4") && !encoder.equals("torchscript")) {
            throw new IllegalArgumentException("hyperparameter " + ENCODER + " must be conv4 or torchscript, was '"
                    + encoder + "'");
        }
        String model = spec.hyper(ENCODER_MODEL, "");
        if (encoder.equals("torchscript") && model.isBlank()) {
            throw new IllegalArgumentException("encoder torchscript needs the model file in " + ENCODER_MODEL);
        }
        boolean tuneBackbone = spec.hyper(TUNE_BACKBONE, false);
        if (tuneBackbone && !encoder.equals("conv4")) {
            throw new IllegalArgumentException(TUNE_BACKBONE + " trains the pretrained Conv-4: it needs "
                    + ENCODER + " conv4, was " + encoder);
        }
        int samples = spec.hyper(SAMPLES, 10);
        if (samples < 1) {
            throw new IllegalArgumentException("hyperparameter " + SAMPLES + " must be >= 1, was " + samples);
        }
        int trainSamples = spec.hyper(TRAIN_SAMPLES, 1);
        if (trainSamples < 1) {
            throw new IllegalArgumentException("hyperparameter " + TRAIN_SAMPLES + " must be >= 1, was "
                    + trainSamples);
        }
        Objective objective = objective(spec.hyper(OBJECTIVE, "elbo"));
        if (objective == Objective.PREDICTIVE && trainSamples < 2) {
            throw new IllegalArgumentException("the predictive objective averages the probabilities of complete draws:"
                    + " it needs " + TRAIN_SAMPLES + " >= 2 (with 1 it is the ELBO), was " + trainSamples);
        }
        PredictionNoise predictionNoise = predictionNoise(spec.hyper(PREDICTION_NOISE, PredictionNoise.DEFAULT.id()));
        double beta = spec.hyper(BETA, DEFAULT_BETA);
        if (beta < 0) {
            throw new IllegalArgumentException("hyperparameter " + BETA + " must be >= 0, was " + beta);
        }
        double logVar = spec.hyper(INITIAL_LOG_VARIANCE, DEFAULT_INITIAL_LOG_VARIANCE);
        if (!(logVar > -30 && logVar < 5)) {
            throw new IllegalArgumentException("hyperparameter " + INITIAL_LOG_VARIANCE
                    + " must lie in (-30, 5) (sigma from 3e-7 to 12), was " + logVar);
        }
        if (t.trainWay() != spec.way()) {
            throw new IllegalArgumentException("the amortized BNN's output layer and task encoder have exactly `way`"
                    + " classes: trainWay must equal way");
        }
        BackbonePretrainer.Settings pretrain = new BackbonePretrainer.Settings(t.filters(),
                spec.hyper(PRETRAIN_STEPS, 2000), spec.hyper(PRETRAIN_BATCH, 64), 1e-3, PRETRAIN_SEED);
        return new BnnSettings(variant, beta, samples, trainSamples, objective, predictionNoise, logVar,
                parseHidden(spec.hyper(HIDDEN, "256-128-64-64")),
                spec.hyper(CENTERED, true),
                spec.hyper(LSTM_HIDDEN, 128), spec.hyper(NOISE_SIZE, 16), spec.hyper(HEAD_RANK, 4),
                spec.hyper(HEAD_DENSE_LIMIT, 4096), encoder, model, tuneBackbone, pretrain, spec.innerSteps(),
                t.testInnerSteps(), spec.innerLr(), t.firstOrder());
    }

    private static Objective objective(String text) {
        try {
            return Objective.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyperparameter " + OBJECTIVE + " must be elbo or predictive, was '"
                    + text + "'");
        }
    }

    private static PredictionNoise predictionNoise(String text) {
        try {
            return PredictionNoise.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyperparameter " + PREDICTION_NOISE + " must be all, task or weights,"
                    + " was '" + text + "'");
        }
    }

    /** "256-128-64-64" to {256, 128, 64, 64}. */
    static long[] parseHidden(String text) {
        try {
            long[] h = Arrays.stream(text.split("-")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
            if (h.length == 0 || Arrays.stream(h).anyMatch(x -> x < 1)) {
                throw new NumberFormatException();
            }
            return h;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + HIDDEN
                    + " must be positive sizes joined by '-', e.g. 256-128-64-64; was '" + text + "'");
        }
    }
}
