package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.data.EpisodeSampler;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Threads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Bayesian parts of the amortized BNN: the ELBO's KL scale, complete draws, their average in
 * probability space, and the sigma = 0 mode. Tiny float64 networks, so that equalities are tight.
 */
class AmortizedBnnPosteriorTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(20, 10, 16, 3);
    private static final int WAY = 3;
    private static final int QUERY = 2;
    private NDManager m;

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private AmortizedBnn learner(Map<String, Object> overrides) {
        RunSpec spec = BnnFixtures.spec(WAY, 2, QUERY, 2, 0.5, overrides);
        return new AmortizedBnn(BnnSettings.from(spec), BnnFixtures.randomExtractor(m, 1, 4, 16, DataType.FLOAT64),
                spec.way(), DATA.imageBytes(), m, spec.seed(), DataType.FLOAT64);
    }

    private EpisodeBatch batch() {
        EpisodeSampler sampler = new EpisodeSampler(DATA, "train", WAY, 2, QUERY, 5);
        return EpisodeBatch.of(m, DATA, List.of(sampler.sample(0), sampler.sample(1))).cast(DataType.FLOAT64);
    }

    private static double loss(AmortizedBnn learner, EpisodeBatch b, long seed) {
        try (Autograd.Scope off = Autograd.disabled()) {
            JniUtils.setSeed(seed);
            return learner.loss(b).value().getDouble();
        }
    }

    @Test
    void klEntersTheLossSummedOverWeightsTimesBetaOverTheQueryPointsOfATask() {
        double beta = 0.3;
        EpisodeBatch b = batch();
        AmortizedBnn tempered = learner(Map.of(HyperKeys.BETA, beta));
        double withKl = loss(tempered, b, 7);
        double withoutKl = loss(learner(Map.of(HyperKeys.BETA, 0.0)), b, 7);
        double kl;
        try (Autograd.Scope off = Autograd.disabled()) {
            JniUtils.setSeed(7); // the same draw as the losses': same noise, same inner steps
            AmortizedBnn.Draw d = tempered.draw(b, tempered.inputs(b), 2, false);
            kl = GaussianKl.perTask(d.posterior()).mean().getDouble();
        }
        int queryPoints = WAY * QUERY;
        assertTrue(kl > 100, "a summed KL over every weight is large, got " + kl);
        assertEquals(beta / queryPoints * kl, withKl - withoutKl, 1e-9 * kl,
                "loss(beta) - loss(0) = beta/|D| x summed KL, |D| = " + queryPoints + " query points per task");
        assertEquals(beta / queryPoints, tempered.klWeight(b), 1e-15);
    }

    @Test
    void completeDrawsDifferInHyperpriorNoiseAndWeightsWhileSigmaZeroDrawsAreIdentical() {
        AmortizedBnn bnn = learner(Map.of(BnnSettings.INITIAL_LOG_VARIANCE, -2));
        EpisodeBatch b = batch();
        try (Autograd.Scope off = Autograd.disabled()) {
            AmortizedBnn.Inputs in = bnn.inputs(b);
            double[] genA = bnn.generate(b, in).get(0).weightMean().toDoubleArray();
            double[] genB = bnn.generate(b, in).get(0).weightMean().toDoubleArray();
            assertTrue(maxDifference(genA, genB) > 1e-6, "each draw reads fresh hyperprior noise");
            double[] a = bnn.draw(b, in, 2, true).queryLogits().toDoubleArray();
            double[] c = bnn.draw(b, in, 2, true).queryLogits().toDoubleArray();
            assertTrue(maxDifference(a, c) > 1e-4, "two complete draws predict differently");

            AmortizedBnn point = bnn.deterministic();
            AmortizedBnn.Draw first = point.draw(b, in, 2, true);
            AmortizedBnn.Draw second = point.draw(b, in, 2, true);
            assertArrayEquals(first.queryLogits().toDoubleArray(), second.queryLogits().toDoubleArray(),
                    "with sigma = 0 every draw is the same network");
            // Sigma forced to 0: the query logits are the adapted network at its means.
            assertArrayEquals(bnn.network().logitsAtMean(in.query(), first.posterior()).toDoubleArray(),
                    first.queryLogits().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void predictionAveragesTheProbabilitiesOfCompleteDrawsNotTheirLogits() {
        int samples = 4;
        AmortizedBnn bnn = learner(Map.of(HyperKeys.SAMPLES, samples, BnnSettings.INITIAL_LOG_VARIANCE, 0));
        EpisodeBatch b = batch();
        JniUtils.setSeed(3);
        double[] predicted = bnn.predict(b).exp().toDoubleArray();
        NDArray probs = null;
        NDArray logits = null;
        try (Autograd.Scope off = Autograd.disabled()) {
            JniUtils.setSeed(3);
            AmortizedBnn.Inputs in = bnn.inputs(b);
            for (int s = 0; s < samples; s++) {
                NDArray z = bnn.draw(b, in, 2, true).queryLogits();
                probs = probs == null ? z.softmax(-1) : probs.add(z.softmax(-1));
                logits = logits == null ? z : logits.add(z);
            }
        }
        assertArrayEquals(probs.div(samples).toDoubleArray(), predicted, 1e-12);
        double[] ofMeanLogits = logits.div(samples).softmax(-1).toDoubleArray();
        assertTrue(maxDifference(ofMeanLogits, predicted) > 1e-3,
                "the softmax of averaged logits is a different (over-confident) prediction");
    }

    @Test
    void predictionNoiseSamplesOnlyTheSourceItNamesAndAPredictionAveragesThoseDraws() {
        int samples = 3;
        EpisodeBatch b = batch();
        for (String noise : List.of("task", "weights")) {
            boolean task = noise.equals("task");
            AmortizedBnn bnn = learner(Map.of(HyperKeys.SAMPLES, samples, BnnSettings.INITIAL_LOG_VARIANCE, 0,
                    BnnSettings.PREDICTION_NOISE, noise));
            JniUtils.setSeed(3);
            double[] predicted = bnn.predict(b).exp().toDoubleArray();
            try (Autograd.Scope off = Autograd.disabled()) {
                JniUtils.setSeed(3);
                AmortizedBnn.Inputs in = bnn.inputs(b);
                NDArray probs = null;
                for (int s = 0; s < samples; s++) {
                    NDArray p = bnn.draw(b, in, 2, true, task, !task).queryLogits().softmax(-1);
                    probs = probs == null ? p : probs.add(p);
                }
                assertArrayEquals(probs.div(samples).toDoubleArray(), predicted, 1e-12, noise);

                AmortizedBnn.Draw first = bnn.draw(b, in, 2, true, task, !task);
                AmortizedBnn.Draw second = bnn.draw(b, in, 2, true, task, !task);
                assertTrue(maxDifference(first.queryLogits().toDoubleArray(),
                        second.queryLogits().toDoubleArray()) > 1e-4, noise + ": the draws differ");
                if (task) { // no weight noise: the query sees the adapted means
                    assertArrayEquals(bnn.network().logitsAtMean(in.query(), first.posterior()).toDoubleArray(),
                            first.queryLogits().toDoubleArray(), 1e-12);
                } else { // no task noise: before any inner step, the sigma = 0 network's Gaussian
                    assertArrayEquals(bnn.deterministic().draw(b, in, 0, true).posterior().get(0).weightMean()
                            .toDoubleArray(), bnn.draw(b, in, 0, true, false, true).posterior().get(0).weightMean()
                            .toDoubleArray(), 0);
                }
            }
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> BnnSettings.from(
                BnnFixtures.spec(WAY, 1, QUERY, 1, 0.5, Map.of(BnnSettings.PREDICTION_NOISE, "none"))));
        assertTrue(unknown.getMessage().contains("all, task or weights"), unknown.getMessage());
    }

    @Test
    void predictiveObjectiveIsTheNllOfTheDrawsAveragedProbabilitiesAndNeverAboveTheElbos() {
        int draws = 3;
        Map<String, Object> common = Map.of(BnnSettings.TRAIN_SAMPLES, draws, HyperKeys.BETA, 0.0,
                BnnSettings.INITIAL_LOG_VARIANCE, 0);
        AmortizedBnn predictive = learner(with(common, BnnSettings.OBJECTIVE, "predictive"));
        AmortizedBnn elbo = learner(common);
        EpisodeBatch b = batch();
        double ofAverage = loss(predictive, b, 11);
        NDArray probs = null;
        double meanNll = 0;
        try (Autograd.Scope off = Autograd.disabled()) {
            JniUtils.setSeed(11); // the loss's draws, in its order
            AmortizedBnn.Inputs in = predictive.inputs(b);
            for (int s = 0; s < draws; s++) {
                NDArray p = predictive.draw(b, in, 2, false).queryLogits().softmax(-1);
                probs = probs == null ? p : probs.add(p);
                meanNll += Ops.crossEntropy(p.log(), b.queryY()).getDouble() / draws;
            }
        }
        assertEquals(Ops.crossEntropy(probs.div(draws).log(), b.queryY()).getDouble(), ofAverage, 1e-9);
        assertEquals(meanNll, loss(elbo, b, 11), 1e-9, "the ELBO's data term is the mean of the draws' NLLs");
        assertTrue(ofAverage < meanNll - 1e-6, "Jensen: the averaged prediction's NLL is below the draws' mean, "
                + ofAverage + " against " + meanNll);
    }

    @Test
    void predictiveObjectiveRefusesASingleDrawAndUnknownObjectivesAreNamed() {
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> BnnSettings.from(
                BnnFixtures.spec(WAY, 1, QUERY, 1, 0.5, Map.of(BnnSettings.OBJECTIVE, "predictive"))));
        assertTrue(single.getMessage().contains("trainSamples >= 2"), single.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> BnnSettings.from(
                BnnFixtures.spec(WAY, 1, QUERY, 1, 0.5, Map.of(BnnSettings.OBJECTIVE, "iwae"))));
        assertTrue(unknown.getMessage().contains("elbo or predictive"), unknown.getMessage());
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    @Test
    void sigmaZeroPredictionIsOneDrawOfTheSameWeights() {
        AmortizedBnn bnn = learner(Map.of(HyperKeys.SAMPLES, 5, BnnSettings.INITIAL_LOG_VARIANCE, 0));
        EpisodeBatch b = batch();
        JniUtils.setSeed(1);
        double[] first = bnn.deterministic().predict(b).toDoubleArray();
        JniUtils.setSeed(2);
        double[] second = bnn.deterministic().predict(b).toDoubleArray();
        assertArrayEquals(first, second, "the sigma = 0 prediction depends on no random number");
        JniUtils.setSeed(1);
        assertTrue(maxDifference(first, bnn.predict(b).toDoubleArray()) > 1e-3,
                "the Bayesian prediction differs from its point estimate");
        assertTrue(bnn.parameters() == bnn.deterministic().parameters(), "the same trained weights");
    }

    private static double maxDifference(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
