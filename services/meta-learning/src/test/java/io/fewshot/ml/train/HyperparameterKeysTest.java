package io.fewshot.ml.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.SweepPlanner;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.bnn.BnnSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hyperparameter nothing reads for the spec's method is refused by name instead of silently left at its default. */
class HyperparameterKeysTest {

    private static RunSpec spec(Method method, Map<String, Object> hyper) {
        boolean gradient = method == Method.MAML || method == Method.META_SGD || method == Method.AMORTIZED_BNN;
        return new RunSpec("synthetic", "none", method, 3, 1, 2, gradient ? 1 : 0, gradient ? 0.4 : 0,
                Budget.steps(1), 1, hyper);
    }

    @Test
    void aMisspeltKeyIsRefusedNamingItBeforeAnyLearnerIsBuilt() {
        RunSpec misspelt = spec(Method.AMORTIZED_BNN, Map.of("tuneBackbon", true, HyperKeys.VARIANT, "improved"));
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MetaLearners.create(misspelt, Fixtures.synthetic(6, 4, 16, 1), m));
            assertTrue(e.getMessage().contains("[tuneBackbon] not read by amortized-bnn"), e.getMessage());
            assertTrue(e.getMessage().contains(BnnSettings.TUNE_BACKBONE), "names what it reads: " + e.getMessage());
        }
    }

    @Test
    void aKeyOfAnotherMethodIsRefused() {
        IllegalArgumentException fce = assertThrows(IllegalArgumentException.class,
                () -> MetaLearners.requireKnownHyperparameters(spec(Method.PROTO_NETS, Map.of(HyperKeys.FCE, true))));
        assertTrue(fce.getMessage().contains("[fce] not read by protonet"), fce.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetaLearners.requireKnownHyperparameters(
                spec(Method.AMORTIZED_BNN, Map.of(HyperKeys.NETWORK, "strided"))));
        assertThrows(IllegalArgumentException.class, () -> MetaLearners.requireKnownHyperparameters(
                spec(Method.MAML, Map.of(HyperKeys.BETA, 0.1))));
    }

    @Test
    void everyKeyThePlannerWritesAndTheDatasetVersionAreRead() {
        for (Profile p : Profile.values()) {
            for (Cell c : SweepPlanner.plan(p).cells()) {
                assertDoesNotThrow(() -> MetaLearners.requireKnownHyperparameters(c.spec()), c.spec().runId());
            }
        }
        assertDoesNotThrow(() -> MetaLearners.requireKnownHyperparameters(
                spec(Method.MATCHING_NETS, Map.of(HyperKeys.DATASET_VERSION, "v1", HyperKeys.COSINE_SCALE, 5.0))));
    }
}
