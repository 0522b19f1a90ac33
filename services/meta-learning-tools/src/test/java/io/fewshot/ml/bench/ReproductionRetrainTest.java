package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.methods.LrSchedule;
import io.fewshot.ml.methods.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Reproduction retrain}: the papers' protocol, train + val for the step count chosen on val. */
class ReproductionRetrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OMNIGLOT = Fixtures.sharedOmniglot().toString();

    private static RowResult result(Path folder) throws IOException {
        return JSON.readValue(folder.resolve("protonet.json").toFile(), RowResult.class);
    }

    private static void retrain(Path from, Path out) throws Exception {
        Reproduction.run(new String[] {"retrain", "--row", "protonet", "--from", from.toString(), "--data", OMNIGLOT,
            "--out", out.toString(), "--runs", out.resolve("runs").toString()});
    }

    @Test
    void aRetrainedRowTrainsOnTrainPlusValForTheChosenStepsAndTestsItsLastCheckpoint(@TempDir Path dir)
            throws Exception {
        Path selection = dir.resolve("selection");
        Path trainval = dir.resolve("trainval");
        Reproduction.run(new String[] {"row", "--row", "protonet", "--data", OMNIGLOT, "--out", selection.toString(),
            "--runs", selection.resolve("runs").toString(), "--wall-seconds", "600", "--validate-seconds", "1000",
            "--test-episodes", "10", "--steps", "3"});
        retrain(selection, trainval);
        RowResult chosen = result(selection);
        RowResult retrained = result(trainval);

        assertEquals(3, chosen.bestStep());
        assertEquals(3, retrained.steps(), "exactly the chosen step count");
        assertEquals("vinyals-trainval", retrained.spec().path("split").asText());
        assertEquals(0, retrained.spec().path("hyperparameters").path("validateEvery").asInt());
        assertTrue(retrained.spec().path("hyperparameters").path("validateSeconds").isMissingNode());
        assertEquals(chosen.curve(), retrained.curve(), "the curve is the selection run's, which chose the steps");
        assertEquals(10, retrained.testEpisodes());
        assertTrue(retrained.wallSeconds() > chosen.wallSeconds() + retrained.trainSeconds() - 1e-9,
                "every second counted: the selection run's too");
        JsonNode eval = JSON.readTree(trainval.resolve(retrained.evalFile()).toFile());
        assertEquals(3, eval.path("trainedSteps").asLong(), "the last checkpoint is the one tested");
        assertTrue(ReproductionReport.table(java.util.List.of(retrained)).contains("trains afresh on train + val"));
    }

    @Test
    void aRetrainWithoutASelectionRunOrFromOneOnTrainPlusValIsRefused(@TempDir Path dir) throws Exception {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> retrain(dir.resolve("nothing"), dir.resolve("out")));
        assertTrue(none.getMessage().contains("no result"), none.getMessage());
        assertTrue(Files.notExists(dir.resolve("out")), "nothing written");

        RunSpec selected = ReproductionRow.PROTO_NETS.spec(Profile.CPU, 600, 300, 10);
        RunSpec trainval = Reproduction.trainvalSpec(selected, 40);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Reproduction.trainvalSpec(trainval, 40));
        assertTrue(twice.getMessage().contains("already trained on vinyals-trainval"), twice.getMessage());
    }

    @Test
    void aCosineScheduleStoppedBeforeItsEndIsRetrainedAtTheSelectionRunsRates() {
        RunSpec cosine = ReproductionRow.META_SGD.spec(Profile.CPU, 600, 300, 10)
                .withBudget(new Budget(100, 600)).withHyper(HyperKeys.LR_SCHEDULE, "cosine");
        RunSpec early = Reproduction.trainvalSpec(cosine, 60);
        assertEquals(Budget.steps(60), early.budget(), "stops at the chosen step");
        LrSchedule selected = TrainingSettings.from(cosine).schedule();
        LrSchedule retrained = TrainingSettings.from(early).schedule();
        for (int step : new int[] {0, 30, 59}) {
            assertEquals(selected.at(step, 0), retrained.at(step, 0), 1e-12, "the rate at step " + step);
        }
        assertTrue(retrained.at(59, 0) > 0.1 * selected.at(0, 0), "not decayed to zero at its own end");
    }

    @Test
    void aCosineOverWallTimeIsNotRetrainedBecauseItsRatesDependedOnTheMachinesSpeed() {
        RunSpec wall = ReproductionRow.MAML.spec(Profile.CPU, 600, 300, 10).withHyper(HyperKeys.LR_SCHEDULE,
                LrSchedule.COSINE_WALL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reproduction.trainvalSpec(wall, 40));
        assertTrue(e.getMessage().contains("--steps N --lr-schedule cosine"), e.getMessage());
    }

    @Test
    void aCosineScheduleWithoutAnyStepsToDecayOverIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LrSchedule("cosine", 1e-3, 0, 0.5, 0, 0));
        assertTrue(e.getMessage().contains("lrScheduleSteps"), e.getMessage());
    }
}
