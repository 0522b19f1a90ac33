package io.fewshot.ml.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.data.EpisodeSampler;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.AutogradReference;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.TaskConvNet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One inner step: theta'_t = theta - a * grad L_s,t(theta). The meta-gradient of the mean query loss
 * is (1/T) sum_t (I - a H_t) g_t with g_t = grad L_q,t(theta'_t) and H_t the support Hessian;
 * first-order MAML keeps only (1/T) sum_t g_t. Everything in float64, for both networks.
 */
class MamlMetaGradientTest {
    private static final double ALPHA = 0.4;
    private NDManager m;
    private TaskConvNet net;
    private EpisodeBatch batch;
    private Params theta;

    private void use(TaskConvNet.Network network) {
        m = NDManager.newBaseManager();
        net = new TaskConvNet(network, 1, 4, 3, 16, 16);
        theta = TaskConvNet.cast(net.init(m, new SplittableRandom(11)), DataType.FLOAT64);
        theta.requireGradients();
        EpisodeSampler sampler = new EpisodeSampler(Fixtures.synthetic(20, 10, 16, 3), "train", 3, 2, 3, 5);
        batch = EpisodeBatch.of(m, sampler.dataset(), List.of(sampler.sample(0), sampler.sample(1)))
                .cast(DataType.FLOAT64);
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private Params metaGradient(boolean firstOrder) {
        Maml maml = new Maml(net, theta, null, 1, 1, ALPHA, firstOrder);
        try (Autograd.Scope on = Autograd.enabled()) {
            AutogradReference.backward(() -> maml.loss(batch).value(), theta);
        }
        return theta.map((k, v) -> v.getGradient().duplicate());
    }

    private double queryLossAfterAdaptation(Params at) {
        try (Autograd.Scope off = Autograd.disabled()) {
            return new Maml(net, at, null, 1, 1, ALPHA, true).loss(batch).value().getDouble();
        }
    }

    private Params randomDirection(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return theta.map((k, v) -> Init.normal(m, rng, v.getShape(), 1.0).toType(DataType.FLOAT64, false));
    }

    private static double dot(Params a, Params b) {
        double s = 0;
        for (String k : a.names()) {
            s += a.get(k).mul(b.get(k)).sum().getDouble();
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(TaskConvNet.Network.class)
    void secondOrderMetaGradientEqualsFiniteDifferences(TaskConvNet.Network network) {
        use(network);
        Params grad = metaGradient(false);
        for (long seed = 1; seed <= 3; seed++) {
            Params u = randomDirection(seed);
            // Small enough that no ReLU or max-pool switches inside the interval (1e-5 crosses one here).
            double eps = 1e-6;
            double plus = queryLossAfterAdaptation(theta.zip(u, (t, d) -> t.stopGradient().add(d.mul(eps))));
            double minus = queryLossAfterAdaptation(theta.zip(u, (t, d) -> t.stopGradient().sub(d.mul(eps))));
            double numeric = (plus - minus) / (2 * eps);
            double analytic = dot(grad, u);
            assertEquals(numeric, analytic, 1e-5 * Math.max(1, Math.abs(numeric)),
                    "directional derivative along direction " + seed);
        }
    }

    @ParameterizedTest
    @EnumSource(TaskConvNet.Network.class)
    void firstOrderDropsExactlyTheHessianTerm(TaskConvNet.Network network) {
        use(network);
        Params second = metaGradient(false);
        Params first = metaGradient(true);
        int t = batch.tasks();
        Params expandedTheta = TaskConvNet.expand(theta.map((k, v) -> v.stopGradient()), t);
        try (Autograd.Scope off = Autograd.disabled()) {
            // g_t: each task's query-loss gradient at its adapted weights.
            Maml maml = new Maml(net, theta.map((k, v) -> v.stopGradient()), null, 1, 1, ALPHA, true);
            Params adapted = maml.adapt(batch, 1, true);
            Params g = net.supportGradient(batch.queryX(), adapted, batch.queryY(), false);
            // First order is the mean of the g_t.
            Params meanG = g.map((k, v) -> v.mean(new int[] {0}));
            for (String k : first.names()) {
                double err = first.get(k).sub(meanG.get(k)).abs().max().getDouble();
                assertTrue(err < 1e-10, k + " first-order gradient differs from mean g_t by " + err);
            }
            // H_t g_t by central differences of the support gradient.
            double eps = 1e-6;
            Params up = expandedTheta.zip(g, (w, d) -> w.add(d.mul(eps)));
            Params down = expandedTheta.zip(g, (w, d) -> w.sub(d.mul(eps)));
            Params gUp = net.supportGradient(batch.supportX(), up, batch.supportY(), false);
            Params gDown = net.supportGradient(batch.supportX(), down, batch.supportY(), false);
            Params hvp = gUp.zip(gDown, (a, b) -> a.sub(b).div(2 * eps));
            double worst = 0;
            double size = 0;
            for (String k : second.names()) {
                NDArray predicted = hvp.get(k).mean(new int[] {0}).mul(-ALPHA);
                NDArray actual = second.get(k).sub(first.get(k));
                worst = Math.max(worst, actual.sub(predicted).abs().max().getDouble());
                size = Math.max(size, actual.abs().max().getDouble());
            }
            assertTrue(size > 1e-4, "second and first order must differ; max difference " + size);
            assertTrue(worst < 1e-5 * Math.max(1, size), "difference deviates from -a H g by " + worst);
        }
    }

    @ParameterizedTest
    @EnumSource(TaskConvNet.Network.class)
    void metaSgdLearnsItsInnerLearningRates(TaskConvNet.Network network) {
        use(network);
        Params lr = theta.map((k, v) -> m.full(v.getShape(), (float) ALPHA).toType(DataType.FLOAT64, false));
        lr.requireGradients();
        Maml metaSgd = new Maml(net, theta, lr, 1, 1, ALPHA, false);
        try (Autograd.Scope on = Autograd.enabled()) {
            AutogradReference.backward(() -> metaSgd.loss(batch).value(), metaSgd.parameters());
        }
        for (String k : lr.names()) {
            assertTrue(lr.get(k).getGradient().abs().sum().getDouble() > 0, "learning rate of " + k + " gets a gradient");
        }
        assertEquals(2 * theta.size(), metaSgd.parameters().size());
        assertTrue(Ops.mean(lr.get("head.w"), new int[] {0, 1}, false).getDouble() > 0);
    }
}
