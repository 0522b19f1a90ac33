package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Profile;
import org.junit.jupiter.api.Test;

/** A row's spec is the sweep's published cell on the train split, validated on a wall-clock cadence. */
class ReproductionRowTest {

    @Test
    void mamlTrainsOnTheTrainSplitWithFinnsSettingsAndTheRowsBudgetAndCadence() {
        RunSpec s = ReproductionRow.MAML.spec(Profile.CPU, 3600, 300, 1000);
        assertEquals("vinyals", s.split());
        assertEquals(3600, s.budget().wallSeconds());
        assertEquals(60_000, s.budget().steps(), "the published schedule caps the steps");
        assertEquals(32, s.hyper("metaBatch", 0));
        assertEquals(0.4, s.innerLr());
        assertEquals(3, s.hyper("testInnerSteps", 0));
        assertEquals(300.0, s.hyper("validateSeconds", 0.0));
        assertEquals(1000, s.hyper("testEpisodes", 0));
        assertEquals(100, s.hyper("validationEpisodes", 0), "the cpu profile's validation");
        assertEquals(600, ReproductionRow.MAML.spec(Profile.PAPER, 3600, 300, 1000).hyper("validationEpisodes", 0));
    }

    @Test
    void theBnnRowsCarryTheirVariantAndInnerStepsAndThePapersNumber() {
        RunSpec s = ReproductionRow.BNN_5_IMPROVED.spec(Profile.CPU, 600, 60, 200);
        assertEquals(Method.AMORTIZED_BNN, s.method());
        assertEquals(5, s.innerSteps());
        assertEquals("improved", s.hyper("variant", ""));
        assertEquals(87.4, ReproductionRow.BNN_5_IMPROVED.paperPercent());
        assertEquals(68.5, ReproductionRow.BNN_1_FAITHFUL.paperPercent());
        assertEquals(60, ReproductionRow.PROTO_NETS.spec(Profile.CPU, 60, 60, 100).hyper("trainWay", 0));
    }

    @Test
    void anUnknownRowIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReproductionRow.fromId("reptile"));
        assertEquals(true, e.getMessage().contains("amortized-bnn-5-faithful"), e.getMessage());
    }
}
