package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.PairedDifference;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.PredictionNoiseChoice;
import io.fewshot.ml.train.PredictionNoiseChoice.ValScore;
import io.fewshot.ml.train.RunEvaluation;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BNN's prediction noise is chosen on val: {@code all} unless a view's NLL is lower by more than their paired
 * interval, each view scoring the same val episodes; test stays unseen.
 */
class PredictionNoiseChoiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void allStandsUnlessValTellsAViewWithALowerNllApartFromIt() {
        Map<String, ValScore> insideNoise = new LinkedHashMap<>();
        insideNoise.put("all", new ValScore(0.80, 0.537, 0.025, null));
        insideNoise.put("task", new ValScore(0.80, 0.538, 0.022, minusAll(0.0011, 0.004)));
        insideNoise.put("weights", new ValScore(0.81, 0.535, 0.026, minusAll(-0.0019, 0.005)));
        assertEquals("all", PredictionNoiseChoice.choose(300, insideNoise).chosen(),
                "a lower NLL by less than its paired interval is noise, not a choice");

        Map<String, ValScore> apart = new LinkedHashMap<>();
        apart.put("all", new ValScore(0.95, 0.20, 0.04, null));
        apart.put("task", new ValScore(0.94, 0.18, 0.01, minusAll(-0.02, 0.005)));
        apart.put("weights", new ValScore(0.96, 0.19, 0.02, minusAll(-0.01, 0.005)));
        assertEquals("task", PredictionNoiseChoice.choose(300, apart).chosen(),
                "of the views told apart, the lowest NLL wins; accuracy does not decide");

        Map<String, ValScore> onlyOneApart = new LinkedHashMap<>(apart);
        onlyOneApart.put("task", new ValScore(0.94, 0.17, 0.01, minusAll(-0.03, 0.04)));
        assertEquals("weights", PredictionNoiseChoice.choose(300, onlyOneApart).chosen(),
                "the lowest NLL inside its noise loses to a higher one told apart");
    }

    @Test
    void aChoiceWithoutTheDefaultViewIsRefused() {
        Map<String, ValScore> views = Map.of("task", new ValScore(0.9, 0.3, 0.01, minusAll(-0.1, 0.01)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionNoiseChoice.choose(300, views));
        assertTrue(e.getMessage().contains("all"), e.getMessage());
    }

    private static PairedDifference minusAll(double nll, double nllCi95) {
        return new PairedDifference(300, 0, 0.002, nll, nllCi95);
    }

    @Test
    void everyViewScoresTheTrainedCheckpointOnValAndTheTestPoolIsNotTouched(@TempDir Path tmp) throws Exception {
        Threads.set(1);
        FewShotDataset data = Fixtures.synthetic(24, 10, 16, 9);
        FeatureExtractorStore extractors = new FeatureExtractorStore(tmp.resolve("extractors"), done -> { });
        RunSpec spec = BnnFixtures.spec(3, 2, 3, 1, 0.5, Map.of(HyperKeys.META_BATCH, 2, HyperKeys.VALIDATE_EVERY, 0,
                HyperKeys.TEST_EPISODES, 50, BnnSettings.INITIAL_LOG_VARIANCE, -1.0)).withBudget(Budget.steps(3));
        Path run = tmp.resolve("run");
        try (MetaTrainer t = new MetaTrainer(spec, data, run, extractors)) {
            t.train(TrainingListener.NONE);
        }
        List<String> lines = new ArrayList<>();
        PredictionNoiseChoice choice = PredictionNoiseChoice.onVal(spec, data, run, 6, extractors, lines::add);

        assertEquals(List.of("all", "task", "weights"), List.copyOf(choice.views().keySet()));
        assertEquals(6, choice.valEpisodes());
        assertEquals(6, lines.size(), "a line per view, a line per view's difference from all, the choice");
        assertNull(choice.views().get("all").minusDefault());
        ValScore taskOnVal = choice.views().get("task");
        assertEquals(6, taskOnVal.minusDefault().episodes(), "paired over the same val episodes");
        assertEquals(taskOnVal.nll() - choice.views().get("all").nll(), taskOnVal.minusDefault().nll(), 1e-9,
                "per-episode NLLs averaged: the difference of the means, its interval from the pairs");
        assertEquals(PredictionNoiseChoice.choose(6, choice.views()).chosen(), choice.chosen());
        assertNotEquals(choice.views().get("all").nll(), choice.views().get("task").nll(),
                "the views sample different noise, so they score differently");
        for (String view : choice.views().keySet()) {
            JsonNode written = JSON.readTree(run.resolve(PredictionNoiseChoice.valFile(view)).toFile());
            assertEquals(view, written.at("/provenance/spec/hyperparameters/predictionNoise").asText(),
                    "each view's val result kept, named for its view");
            assertEquals(choice.views().get(view).nll(), written.at("/result/calibration/nll").asDouble(), 1e-12);
            JsonNode sigmaZero = written.at("/result/deterministic/calibration/nll");
            assertTrue(sigmaZero.isNumber(), "each view's file keeps the sigma = 0 result beside it");
            assertEquals(JSON.readTree(run.resolve(PredictionNoiseChoice.valFile("all")).toFile())
                    .at("/result/deterministic/calibration/nll").asDouble(), sigmaZero.asDouble(), 0,
                    "one sigma = 0 score, shared by every view");
        }
        EvaluationResult task = RunEvaluation.evaluate(spec.withHyper(BnnSettings.PREDICTION_NOISE, "task")
                .withHyper(HyperKeys.TEST_EPISODES, 6), data, run, "val", extractors, done -> { });
        assertEquals(task.calibration().nll(), choice.views().get("task").nll(), "the val episodes of the protocol");
        assertFalse(Files.exists(run.resolve("eval.json")), "the test pool is scored once, after the choice");
    }

    @Test
    void onlyTheAmortizedBnnHasANoiseToChoose(@TempDir Path tmp) {
        RunSpec proto = new RunSpec("synthetic", "none", Method.PROTO_NETS, 3, 2, 3, 0, 0.0, Budget.steps(1), 1,
                Map.of());
        FeatureExtractorStore extractors = new FeatureExtractorStore(tmp, done -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PredictionNoiseChoice.onVal(
                proto, Fixtures.synthetic(24, 10, 16, 9), tmp, 6, extractors, line -> { }));
        assertTrue(e.getMessage().contains("protonet"), e.getMessage());
    }
}
