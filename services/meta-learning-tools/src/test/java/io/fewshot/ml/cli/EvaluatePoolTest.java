package io.fewshot.ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.ml.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fsb-ml evaluate --pool val} scores a trained run on val into its own file, so that a test-time setting
 * is chosen there and the test pool is scored once.
 */
class EvaluatePoolTest {
    private static final Path OMNIGLOT = Fixtures.sharedOmniglot();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valIsScoredIntoItsOwnFileAndTheTestResultIsLeftAlone(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        CliRunner.Result trained = CliRunner.fsbMl(RunSplitTest.train(run, "--data", OMNIGLOT.toString(),
                "--split", "vinyals", "--method", "protonet", "--way", "5", "--shot", "1", "--query", "1",
                "--steps", "2", "--threads", "1", "--hyper", "trainWay=5", "--hyper", "filters=8",
                "--hyper", "validateEvery=0", "--hyper", "testEpisodes=3"));
        assertEquals(0, trained.exit(), trained.err());
        String test = Files.readString(run.resolve("eval.json"));

        CliRunner.Result val = CliRunner.fsbMl("evaluate", "--spec", run.resolve("spec.json").toString(),
                "--run-dir", run.toString(), "--data", OMNIGLOT.toString(), "--threads", "1", "--pool", "val");
        assertEquals(0, val.exit(), val.err());
        JsonNode result = JSON.readTree(run.resolve("eval-val.json").toFile()).get("result");
        assertEquals("val", result.get("pool").asText());
        assertEquals(3, result.get("episodes").asInt());
        assertEquals(test, Files.readString(run.resolve("eval.json")), "the test result is untouched");
    }

    @Test
    void aPoolTheSplitLacksIsRefusedByNameBeforeAnyModelIsLoaded(@TempDir Path dir) {
        CliRunner.Result r = CliRunner.fsbMl("evaluate", "--run-dir", dir.toString(), "--data", OMNIGLOT.toString(),
                "--split", "vinyals-trainval", "--method", "protonet", "--threads", "1", "--pool", "val");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("has no split 'val'"), r.err());
        assertFalse(Files.exists(dir.resolve("eval-val.json")));
    }
}
