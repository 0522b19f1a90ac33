package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.fewshot.ml.nn.GarbageCollection;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The outer gradient: where it reaches, and that it is the true (second-order) derivative. */
class AmortizedBnnGradientTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(20, 10, 16, 3);
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

    private AmortizedBnn learner(RunSpec spec, DataType type) {
        return new AmortizedBnn(BnnSettings.from(spec), BnnFixtures.randomExtractor(m, 1, 4, 16, type), spec.way(),
                DATA.imageBytes(), m, spec.seed(), type);
    }

    private EpisodeBatch batch(DataType type) {
        EpisodeSampler sampler = new EpisodeSampler(DATA, "train", 3, 2, 2, 5);
        return EpisodeBatch.of(m, DATA, List.of(sampler.sample(0), sampler.sample(1))).cast(type);
    }

    private static Params gradient(AmortizedBnn learner, EpisodeBatch b, long seed) {
        Params p = learner.parameters();
        p.requireGradients();
        JniUtils.setSeed(seed);
        try (Autograd.Scope on = Autograd.enabled()) {
            NDArray loss = learner.loss(b).value();
            // Whatever the forward left to the collector is freed before the backward reads it.
            GarbageCollection.collectNow();
            Autograd.zeroGradients(p);
            Autograd.backward(loss);
        }
        return p.map((k, v) -> v.getGradient().duplicate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"faithful", "improved"})
    void gradientsReachEveryLstmHeadAndProjectionParameter(String variant) {
        RunSpec spec = BnnFixtures.spec(3, 2, 2, 1, 0.5, Map.of(HyperKeys.VARIANT, variant));
        AmortizedBnn learner = learner(spec, DataType.FLOAT32);
        Params g = gradient(learner, batch(DataType.FLOAT32), 1);
        List<String> names = g.names();
        for (String expected : List.of("hyper.lstm.wx", "hyper.lstm.wh", "hyper.lstm.b", "encoder.projection.w",
                "encoder.projection.b", "hyper.layer1.weightMean.wa", "hyper.layer1.weightLogVar.q",
                "hyper.layer2.weightMean.dense", "hyper.layer2.biasLogVar.dense")) {
            assertTrue(names.contains(expected), "parameter " + expected + " exists; have " + names);
        }
        for (String name : names) {
            double size = g.get(name).abs().sum().getFloat();
            assertTrue(size > 0 && Double.isFinite(size), name + " gets a non-zero gradient, got " + size);
        }
    }

    @Test
    void secondOrderGradientEqualsFiniteDifferencesAndFirstOrderDoesNot() {
        RunSpec spec = BnnFixtures.spec(3, 2, 2, 2, 0.5, Map.of());
        AmortizedBnn learner = learner(spec, DataType.FLOAT64);
        EpisodeBatch b = batch(DataType.FLOAT64);
        Params second = gradient(learner, b, 11);
        Params first = gradient(learner(spec.withHyper(HyperKeys.FIRST_ORDER, true), DataType.FLOAT64), b, 11);
        Params theta = learner.parameters().map((k, v) -> v.stopGradient().duplicate());
        SplittableRandom rng = new SplittableRandom(3);
        Params u = theta.map((k, v) -> Init.normal(m, rng, v.getShape(), 1.0).toType(DataType.FLOAT64, false));
        double eps = 1e-6;
        double plus = lossAt(learner, theta.zip(u, (t, d) -> t.add(d.mul(eps))), b);
        double minus = lossAt(learner, theta.zip(u, (t, d) -> t.sub(d.mul(eps))), b);
        double numeric = (plus - minus) / (2 * eps);
        double tol = 1e-5 * Math.max(1, Math.abs(numeric));
        assertEquals(numeric, dot(second, u), tol, "second-order directional derivative");
        double firstOrderError = Math.abs(numeric - dot(first, u));
        assertTrue(firstOrderError > 100 * tol, "first order must differ from the true derivative; off by "
                + firstOrderError);
    }

    /** The loss with the learner's weights set to {@code at}, under the same native seed (same noise). */
    private static double lossAt(AmortizedBnn learner, Params at, EpisodeBatch b) {
        try (Autograd.Scope off = Autograd.disabled()) {
            for (String k : at.names()) {
                at.get(k).copyTo(learner.parameters().get(k));
            }
            JniUtils.setSeed(11);
            return learner.loss(b).value().getDouble();
        }
    }

    private static double dot(Params a, Params b) {
        double s = 0;
        for (String k : a.names()) {
            s += a.get(k).mul(b.get(k)).sum().getDouble();
        }
        return s;
    }
}
