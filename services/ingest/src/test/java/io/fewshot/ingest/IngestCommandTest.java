package io.fewshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ingest.cli.IngestCommand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command mode, as an Argo step runs it: exit 0 when committed (or already there), non-zero on bad input. */
@QuarkusMainTest
@QuarkusTestResource(LocalStackResource.class)
class IngestCommandTest {
    @TempDir
    Path dir;

    @Test
    void ingestCommitsAndExitsZero(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Fixtures.zip(dir.resolve("mini.zip"), Fixtures.miniRavi(1, 2));
        LaunchResult first = launcher.launch("ingest", "--name", "cli-mini", "--format", "mini-imagenet", "--source",
                zip.toString(), "--images-per-class", "2");
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        assertTrue(first.getOutput().contains("committed cli-mini/"), first.getOutput());
    }

    @Test
    void badInputExitsNonZeroWithTheReason(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("ingest", "--name", "omniglot", "--source", dir.resolve("missing").toString());
        assertEquals(IngestCommand.BAD_INPUT, result.exitCode());
        assertTrue(result.getErrorOutput().contains("source-unreachable"), result.getErrorOutput());
    }
}
