package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.eval.EvaluationResult;
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

/** The BNN's prediction noise is chosen on val by NLL, each view scoring the same val episodes; test stays unseen. */
class PredictionNoiseChoiceTest {

    @Test
    void theViewWithTheLowestValNllIsChosenAndATieKeepsTheEarlierView() {
        Map<String, ValScore> views = new LinkedHashMap<>();
        views.put("all", new ValScore(0.95, 0.20, 0.04));
        views.put("task", new ValScore(0.94, 0.18, 0.01));
        views.put("weights", new ValScore(0.96, 0.19, 0.02));
        assertEquals("task", PredictionNoiseChoice.lowestNll(300, views).chosen(), "NLL, not accuracy, decides");

        Map<String, ValScore> tie = new LinkedHashMap<>();
        tie.put("all", new ValScore(0.9, 0.3, 0.02));
        tie.put("task", new ValScore(0.9, 0.3, 0.01));
        assertEquals("all", PredictionNoiseChoice.lowestNll(300, tie).chosen());
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
        assertEquals(3, lines.size(), "a line per view");
        double lowest = choice.views().values().stream().mapToDouble(ValScore::nll).min().orElseThrow();
        assertEquals(lowest, choice.views().get(choice.chosen()).nll());
        assertNotEquals(choice.views().get("all").nll(), choice.views().get("task").nll(),
                "the views sample different noise, so they score differently");
        EvaluationResult task = RunEvaluation.evaluate(spec.withHyper(BnnSettings.PREDICTION_NOISE, "task")
                .withHyper(HyperKeys.TEST_EPISODES, 6), data, run, "val", extractors, done -> { });
        assertEquals(task.calibration().nll(), choice.views().get("task").nll(), "the val episodes of the protocol");
        assertFalse(Files.exists(run.resolve("eval.json")), "the test pool is scored once, after the choice");
        assertTrue(Files.exists(run.resolve("eval-val.json")));
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
