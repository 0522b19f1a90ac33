package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.ml.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Reproduction row --hyper}: a variant of a row is its spec with those hyperparameters, or a clear refusal. */
class ReproductionHyperTest {
    private static final String OMNIGLOT = Fixtures.sharedOmniglot().toString();

    private static void row(Path out, String row, String hyper, String... more) throws Exception {
        String[] args = {"row", "--row", row, "--data", OMNIGLOT, "--out", out.toString(),
            "--runs", out.resolve("runs").toString(), "--wall-seconds", "600", "--validate-seconds", "1000",
            "--test-episodes", "10", "--steps", "2", "--hyper", hyper};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        Reproduction.run(all);
    }

    @Test
    void hyperOptionsEnterTheRowsSpecTyped(@TempDir Path out) throws Exception {
        row(out, "protonet", "trainQuery=2, lr=0.002");
        RowResult r = new ObjectMapper().readValue(out.resolve("protonet.json").toFile(), RowResult.class);
        assertEquals(2, r.spec().at("/hyperparameters/trainQuery").asInt());
        assertTrue(r.spec().at("/hyperparameters/trainQuery").isIntegralNumber(), "a number, not the text \"2\"");
        assertEquals(0.002, r.spec().at("/hyperparameters/lr").asDouble());
        assertEquals(2, r.steps());
    }

    @Test
    void aRepeatTrainsFromItsSeedAndIsScoredOnTheEpisodesOfItsEvalSeed(@TempDir Path out) throws Exception {
        row(out, "protonet", "evalSeed=5", "--seed", "7");
        ObjectMapper json = new ObjectMapper();
        RowResult r = json.readValue(out.resolve("protonet.json").toFile(), RowResult.class);
        assertEquals(7, r.spec().at("/seed").asLong());
        JsonNode eval = json.readTree(out.resolve("protonet.eval.json").toFile());
        assertEquals(5, eval.at("/result/seed").asLong(), "test episodes drawn from the eval seed");
        assertEquals(7, eval.at("/provenance/seeds/training").asLong());
        assertEquals(6, eval.at("/provenance/seeds/validation").asLong());
        assertEquals(5, eval.at("/provenance/seeds/test").asLong());
    }

    @Test
    void aMalformedPairOrSettingsTheMethodRefusesFailBeforeAnyWork(@TempDir Path out) {
        IllegalArgumentException pair = assertThrows(IllegalArgumentException.class,
                () -> row(out, "protonet", "trainQuery"));
        assertTrue(pair.getMessage().contains("key=value"), pair.getMessage());
        IllegalArgumentException bnn = assertThrows(IllegalArgumentException.class,
                () -> row(out, "amortized-bnn-1-improved", "objective=predictive"));
        assertTrue(bnn.getMessage().contains("trainSamples >= 2"), bnn.getMessage());
        assertFalse(Files.exists(out.resolve("runs")), "refused before a run folder was made");
    }
}
