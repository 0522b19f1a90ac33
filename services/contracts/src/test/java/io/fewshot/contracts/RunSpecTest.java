package io.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecTest {
    @Test
    void readsBackEqualFromItsJsonWithTheSameRunId() {
        RunSpec spec = Samples.spec();
        RunSpec back = RunSpec.fromJson(spec.toJson());
        assertEquals(spec, back);
        assertEquals(spec.runId(), back.runId());
    }

    @Test
    void runIdIsReadableAndDependsOnEveryField() {
        RunSpec spec = Samples.spec();
        assertTrue(spec.runId().matches("omniglot-maml-5w1s-[0-9a-f]{12}"), spec.runId());
        assertNotEquals(spec.runId(), spec.withHyper("lr", 2e-3).runId());
        assertNotEquals(spec.runId(), spec.withBudget(new Budget(101, 60)).runId());
    }

    @Test
    void validationNamesTheField() {
        ContractViolation e = assertThrows(ContractViolation.class, () -> new RunSpec("omniglot", "vinyals",
                Method.MAML, 1, 1, 15, 1, 0.4, Budget.steps(10), 1, Map.of()));
        assertEquals("RunSpec.way", e.path());
        assertEquals("RunSpec.way: must be >= 2, was 1", e.getMessage());
        ContractViolation d = assertThrows(ContractViolation.class, () -> new RunSpec("../omniglot", "vinyals",
                Method.MAML, 5, 1, 15, 1, 0.4, Budget.steps(10), 1, Map.of()));
        assertEquals("RunSpec.dataset", d.path());
        ContractViolation b = assertThrows(ContractViolation.class, () -> new Budget(0, 0));
        assertEquals("Budget.steps", b.path());
    }

    @Test
    void aMissingFieldInJsonIsNamed() {
        String json = Samples.spec().toJson().replace(",\"way\":5", "");
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunSpec.fromJson(json));
        assertEquals("way: missing", e.getMessage());
    }

    @Test
    void aMissingNestedFieldInJsonIsNamedWithItsPath() {
        String json = Samples.spec().toJson().replace("\"steps\":100,", "");
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunSpec.fromJson(json));
        assertEquals("budget.steps: missing", e.getMessage());
    }

    @Test
    void anIllTypedFieldInJsonIsNamedWithWhatWasExpected() {
        String json = Samples.spec().toJson().replace("\"shot\":1", "\"shot\":\"1\"");
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunSpec.fromJson(json));
        assertEquals("shot: expected an integer, was string \"1\"", e.getMessage());
    }

    @Test
    void aFractionalIntegerIsRefusedNotTruncated() {
        String json = Samples.spec().toJson().replace("\"shot\":1", "\"shot\":1.5");
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunSpec.fromJson(json));
        assertEquals("shot", e.path());
    }

    @Test
    void anInvalidValueInJsonIsNamedWithItsPath() {
        String json = Samples.spec().toJson().replace("\"steps\":100", "\"steps\":0");
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunSpec.fromJson(json));
        assertEquals("budget.steps: must be positive, was 0", e.getMessage());
    }

    @Test
    void anUnknownMethodIsNamed() {
        String json = Samples.spec().toJson().replace("\"maml\"", "\"reptile\"");
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunSpec.fromJson(json));
        assertEquals("method", e.path());
        assertTrue(e.problem().contains("reptile") && e.problem().contains("protonet"), e.getMessage());
    }

    @Test
    void unknownFieldsAreIgnoredAndHyperparametersMayBeAbsent() {
        String json = Samples.spec().toJson().replace("{\"budget\"", "{\"comment\":\"hi\",\"budget\"")
                .replaceAll(",\"hyperparameters\":\\{[^}]*\\}", "");
        RunSpec spec = RunSpec.fromJson(json);
        assertEquals(Map.of(), spec.hyperparameters());
    }

    @Test
    void longHyperparametersAreStoredAsJsonReadsThemBack() {
        RunSpec withLong = Samples.spec().withHyper("checkpointEvery", 250L);
        assertEquals(Integer.valueOf(250), withLong.hyperparameters().get("checkpointEvery"));
        assertEquals(withLong, RunSpec.fromJson(withLong.toJson()));
    }

    @Test
    void hyperparametersThatJsonCannotCarryExactlyAreRefused() {
        ContractViolation f = assertThrows(ContractViolation.class, () -> Samples.spec().withHyper("beta", 0.1f));
        assertEquals("RunSpec.hyperparameters.beta", f.path());
        ContractViolation n = assertThrows(ContractViolation.class,
                () -> Samples.spec().withHyper("beta", Double.NaN));
        assertEquals("RunSpec.hyperparameters.beta", n.path());
        Map<String, Object> nested = new HashMap<>();
        nested.put("inner", Map.of("a", 1));
        ContractViolation m = assertThrows(ContractViolation.class, () -> Samples.spec().withHyper("inner", Map.of("a", 1)));
        assertEquals("RunSpec.hyperparameters.inner", m.path());
    }

    @Test
    void nestedHyperparametersInJsonAreNamed() {
        String json = Samples.spec().toJson().replace("\"metaBatch\":32", "\"metaBatch\":{\"x\":1}");
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunSpec.fromJson(json));
        assertEquals("hyperparameters.metaBatch", e.path());
    }

    @Test
    void typedHyperGettersNameTheKeyOnABadValue() {
        RunSpec spec = Samples.spec().withHyper("metaBatch", "lots");
        ContractViolation e = assertThrows(ContractViolation.class, () -> spec.hyper("metaBatch", 1));
        assertEquals("RunSpec.hyperparameters.metaBatch", e.path());
        assertEquals(32, Samples.spec().hyper("metaBatch", 1));
        assertEquals(5, Samples.spec().hyper("absent", 5));
    }

    @Test
    void anIntegerHyperparameterBeyondIntIsRefusedNotClamped() {
        RunSpec spec = Samples.spec().withHyper("evalSeed", 3_000_000_000L);
        ContractViolation e = assertThrows(ContractViolation.class, () -> spec.hyper("evalSeed", 1));
        assertEquals("RunSpec.hyperparameters.evalSeed", e.path());
        assertEquals(2_000_000_000, Samples.spec().withHyper("evalSeed", 2_000_000_000).hyper("evalSeed", 1));
    }
}
