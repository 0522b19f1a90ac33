package io.fewshot.ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ml.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fsb-ml train} refuses a hyperparameter the method does not read, naming it, and writes no run folder. */
class UnknownHyperparameterTest {

    @Test
    void aKeyTheMethodDoesNotReadIsRefusedBeforeTheRunFolderIsWritten(@TempDir Path dir) {
        Path run = dir.resolve("run");
        CliRunner.Result r = CliRunner.fsbMl(RunSplitTest.tiny(run, "--data", Fixtures.sharedOmniglot().toString(),
                "--hyper", "fce=true"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("fsb-ml: hyperparameter [fce] not read by protonet"), r.err());
        assertFalse(Files.exists(run), "no spec or provenance of a run that never trained");
    }
}
