package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.contracts.LocalFiles;
import io.fewshot.ml.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Reproduction row --continue}: a row still climbing trains on instead of starting over. */
class ReproductionContinueTest {
    private static final String OMNIGLOT = Fixtures.sharedOmniglot().toString();

    /** A few ProtoNet steps on real Omniglot; validation only at the last step, a small test. */
    private static void row(Path out, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("row", "--row", "protonet", "--data", OMNIGLOT,
                "--out", out.toString(), "--runs", out.resolve("runs").toString(), "--wall-seconds", "600",
                "--validate-seconds", "1000", "--test-episodes", "10"));
        args.addAll(List.of(options));
        Reproduction.run(args.toArray(String[]::new));
    }

    private static RowResult result(Path out) throws IOException {
        return new ObjectMapper().readValue(out.resolve("protonet.json").toFile(), RowResult.class);
    }

    @Test
    void aContinuedRowTrainsOnFromItsCheckpointAndKeepsTheEarlierCurve(@TempDir Path out) throws Exception {
        row(out, "--steps", "3");
        RowResult first = result(out);
        row(out, "--steps", "6", "--continue", "true");
        RowResult longer = result(out);

        assertEquals(3, first.steps());
        assertEquals(6, longer.steps(), "the continued row starts at step 3, not 0");
        assertEquals(List.of(3L, 6L), longer.curve().stream().map(LearningCurve.Point::step).toList());
        assertEquals(first.curve().get(0), longer.curve().get(0), "the earlier session's curve is kept");
        assertTrue(longer.trainSeconds() > first.trainSeconds(), "training seconds add up over the sessions");
        assertNotEquals(first.runId(), longer.runId(), "the longer budget is another spec");
    }

    @Test
    void aContinuationOfNothingOrOfAnotherSpecIsRefusedAndTheEarlierResultKept(@TempDir Path out)
            throws Exception {
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> row(out, "--steps", "6", "--continue", "true"));
        assertTrue(nothing.getMessage().contains("no earlier result"), nothing.getMessage());

        row(out, "--steps", "3");
        String earlier = Files.readString(out.resolve("protonet.json"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> row(out, "--steps", "6", "--lr-schedule", "cosine", "--continue", "true"));
        assertTrue(other.getMessage().contains("more than the budget"), other.getMessage());
        assertEquals(earlier, Files.readString(out.resolve("protonet.json")));

        LocalFiles.deleteTree(out.resolve("runs"));
        IllegalArgumentException noRun = assertThrows(IllegalArgumentException.class,
                () -> row(out, "--steps", "6", "--continue", "true"));
        assertTrue(noRun.getMessage().contains("no checkpoint"), noRun.getMessage());
        assertEquals(earlier, Files.readString(out.resolve("protonet.json")));
    }
}
