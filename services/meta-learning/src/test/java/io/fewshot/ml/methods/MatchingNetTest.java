package io.fewshot.ml.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.data.Episode;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.data.EpisodeSampler;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchingNetTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(40, 10, 16, 5);
    private static final int WAY = 5;
    private static final int FILTERS = 8;

    @BeforeAll
    static void oneThread() {
        Threads.set(1);
    }

    /**
     * At scale 1 the cosines of ReLU features lie in [0, 1], so no 5-way query can get more than
     * e/(e+4) = 0.40 and the NLL stays at or above -log(0.40) = 0.91 whatever is learned. A few
     * seconds of training on separable classes must take the held-out NLL below that ceiling.
     */
    @Test
    void canBeMoreConfidentThanScaleOneAllows(@TempDir Path dir) {
        double floorAtScaleOne = -Math.log(Math.E / (Math.E + WAY - 1));
        RunSpec spec = new RunSpec("synthetic", "random", Method.MATCHING_NETS, WAY, 1, 5, 0, 0, Budget.steps(60), 3,
                Map.of("filters", FILTERS, "validateEvery", 0, "checkpointEvery", 1000));
        try (MetaTrainer trainer = new MetaTrainer(spec, DATA, dir)) {
            trainer.train(TrainingListener.NONE);
            EvaluationResult r = Evaluator.evaluate(trainer.learner(), DATA, "test", WAY, 1, 5, 20,
                    Evaluator.TEST_SEED, 4, done -> { });
            assertTrue(r.calibration().nll() < floorAtScaleOne - 0.1,
                    "held-out NLL " + r.calibration().nll() + " is not below scale 1's floor " + floorAtScaleOne);
        }
    }

    @Test
    void temperatureIsATrainedWeightStartingAtTheConfiguredScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            MatchingNet net = matchingNet(m, false, 7.0);
            assertTrue(net.parameters().has(MatchingNet.LOG_SCALE), "the temperature is among the trained weights");
            assertEquals(7.0, net.scale(), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> matchingNet(m, false, 0));
        }
    }

    /** The same seed gives the same backbone, so any difference comes from the FCE LSTMs. */
    @Test
    void fullContextEmbeddingsChangeBothEmbeddingsAndTheirWeightsGetGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            MatchingNet plain = matchingNet(m, false, 10);
            MatchingNet fce = matchingNet(m, true, 10);
            assertTrue(fce.parameters().names().stream().anyMatch(n -> n.startsWith("fce.")));
            assertTrue(plain.parameters().names().stream().noneMatch(n -> n.startsWith("fce.")),
                    "FCE is switched by its hyperparameter");
            EpisodeBatch batch = batch(m);
            NDArray[] without;
            NDArray[] with;
            try (Autograd.Scope off = Autograd.disabled()) {
                without = plain.embeddings(batch, false);
                with = fce.embeddings(batch, false);
            }
            assertNotEquals(0f, with[0].sub(without[0]).abs().max().getFloat(), "support embeddings unchanged");
            assertNotEquals(0f, with[1].sub(without[1]).abs().max().getFloat(), "query embeddings unchanged");

            Params w = fce.parameters();
            w.requireGradients();
            Autograd.zeroGradients(w);
            try (Autograd.Scope on = Autograd.enabled()) {
                Autograd.backward(fce.loss(batch).value());
            }
            for (String name : w.names()) {
                if (name.startsWith("fce.") || name.equals(MatchingNet.LOG_SCALE)) {
                    float norm = w.get(name).getGradient().abs().sum().getFloat();
                    assertTrue(norm > 0 && Float.isFinite(norm), name + " gets gradient " + norm);
                }
            }
        }
    }

    private static MatchingNet matchingNet(NDManager m, boolean fce, double scale) {
        long embedding = new Conv4(1, FILTERS).featureSize(DATA.height(), DATA.width());
        return new MatchingNet(m, 1, FILTERS, embedding, 11, fce, 2, scale);
    }

    private static EpisodeBatch batch(NDManager m) {
        EpisodeSampler sampler = new EpisodeSampler(DATA, "train", WAY, 1, 3, 2);
        List<Episode> episodes = List.of(sampler.sample(0), sampler.sample(1));
        return EpisodeBatch.of(m, DATA, episodes);
    }
}
