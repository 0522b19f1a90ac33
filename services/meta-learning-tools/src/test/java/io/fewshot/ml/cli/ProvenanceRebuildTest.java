package io.fewshot.ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fewshot.contracts.RunSpec;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.Provenance;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's provenance.json holds everything needed to train it again: {@code fsb-ml train --from-provenance}
 * rebuilds the same spec and, at one thread with the same seed, the same loss and bit-identical weights.
 */
class ProvenanceRebuildTest {
    private static final Path OMNIGLOT = Fixtures.sharedOmniglot();
    private static final Pattern LOSS_LINE = Pattern.compile("run (\\S+): step (\\d+) loss (\\S+)");

    private static String[] train(Path runDir, String... args) {
        String[] head = {"train", "--run-dir", runDir.toString(), "--data", OMNIGLOT.toString(), "--no-eval"};
        String[] all = new String[head.length + args.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(args, 0, all, head.length, args.length);
        return all;
    }

    private static Matcher lossLine(CliRunner.Result r) {
        Matcher m = LOSS_LINE.matcher(r.out());
        assertTrue(m.find(), r.out());
        return m;
    }

    @Test
    void aRunRebuiltFromItsProvenanceHasTheSameSpecLossAndWeights(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        CliRunner.Result trained = CliRunner.fsbMl(train(first, "--method", "protonet", "--way", "5", "--shot", "1",
                "--query", "2", "--steps", "1", "--threads", "1", "--seed", "17", "--hyper", "trainWay=5",
                "--hyper", "filters=8", "--hyper", "validateEvery=0"));
        assertEquals(0, trained.exit(), trained.err());
        Provenance recorded = Provenance.read(first.resolve(Provenance.FILE));
        RunSpec spec = RunSpec.fromJson(Files.readString(first.resolve("spec.json")));
        assertEquals(spec, recorded.spec());
        assertEquals(spec.runId(), recorded.runId());
        assertEquals(TrainingSettings.from(spec), recorded.settings());
        assertEquals(1, recorded.threads());
        assertEquals(new Provenance.Seeds(17, recorded.seeds().validation(), recorded.seeds().test()), recorded.seeds());
        assertTrue(recorded.engine().equals("PyTorch") && !recorded.engineVersion().isBlank(), recorded.toString());
        assertFalse(recorded.device().isBlank());

        Path second = dir.resolve("second");
        // No --threads: the recorded count (1) is what makes the rebuild bit-identical.
        CliRunner.Result rebuilt = CliRunner.fsbMl(train(second, "--from-provenance",
                first.resolve(Provenance.FILE).toString()));
        assertEquals(0, rebuilt.exit(), rebuilt.err());
        assertTrue(rebuilt.err().contains("rebuilding run " + spec.runId()), rebuilt.err());
        assertEquals(spec, RunSpec.fromJson(Files.readString(second.resolve("spec.json"))));
        Matcher a = lossLine(trained);
        Matcher b = lossLine(rebuilt);
        assertEquals(spec.runId(), b.group(1));
        assertEquals("1", b.group(2));
        assertEquals(a.group(3), b.group(3), "step-1 loss");
        assertFalse(a.group(3).equals("NaN"));
        assertEquals(weights(first), weights(second));
    }

    @Test
    void aRebuildRefusesCellOptionsAndDataOtherThanTheRecorded(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        CliRunner.Result trained = CliRunner.fsbMl(train(first, "--method", "protonet", "--way", "5", "--shot", "1",
                "--query", "1", "--steps", "1", "--threads", "1", "--hyper", "trainWay=5", "--hyper", "filters=8",
                "--hyper", "validateEvery=0"));
        assertEquals(0, trained.exit(), trained.err());
        Path file = first.resolve(Provenance.FILE);

        CliRunner.Result withWay = CliRunner.fsbMl(train(dir.resolve("x"), "--from-provenance", file.toString(),
                "--way", "20"));
        assertEquals(2, withWay.exit());
        assertTrue(withWay.err().contains("--from-provenance fixes the whole cell") && withWay.err().contains("--way"),
                withWay.err());

        ObjectMapper json = new ObjectMapper();
        ObjectNode tampered = (ObjectNode) json.readTree(file.toFile());
        tampered.put("datasetSha256", "0".repeat(64));
        Path other = dir.resolve("other.json");
        json.writeValue(other.toFile(), tampered);
        CliRunner.Result otherData = CliRunner.fsbMl(train(dir.resolve("y"), "--from-provenance", other.toString()));
        assertEquals(2, otherData.exit());
        assertTrue(otherData.err().contains("not the same run") && otherData.err().contains("0".repeat(64)),
                otherData.err());
        assertFalse(Files.exists(dir.resolve("y").resolve("checkpoints")), "nothing may train on other data");

        Path notOne = dir.resolve("not-provenance.json");
        Files.writeString(notOne, "{\"runId\":\"x\"}");
        CliRunner.Result bad = CliRunner.fsbMl(train(dir.resolve("z"), "--from-provenance", notOne.toString()));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("is not a run's provenance") && bad.err().contains("spec"), bad.err());
    }

    @Test
    void aCheckpointHeaderOfTheEarlierUntypedLayoutStillReads() throws IOException {
        RunSpec spec = RunSpec.fromJson("{\"dataset\":\"omniglot\",\"split\":\"vinyals\",\"method\":\"maml\","
                + "\"way\":5,\"shot\":1,\"query\":15,\"innerSteps\":1,\"innerLr\":0.4,"
                + "\"budget\":{\"steps\":10,\"wallSeconds\":0},\"seed\":3,\"hyperparameters\":{\"lr\":0.001}}");
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("runId", spec.runId());
        legacy.put("spec", spec.toJson());
        legacy.put("settings", "TrainingSettings[lr=0.001, ...]");
        legacy.put("dataset", "omniglot");
        legacy.put("split", "vinyals");
        legacy.put("datasetSha256", "ab");
        legacy.put("codeVersion", "0.1.0-SNAPSHOT (1a2b3c4, uncommitted changes)");
        legacy.put("engine", "PyTorch 2.7.1");
        legacy.put("threads", 2);
        legacy.put("seed", 3);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("runId", spec.runId());
        header.put("step", 4);
        header.put("trainSeconds", 1.5);
        header.put("bestValAccuracy", 0.5);
        header.put("bestStep", 2);
        header.put("provenance", legacy);
        Checkpoint.Header h = new ObjectMapper().readValue(new ObjectMapper().writeValueAsBytes(header),
                Checkpoint.Header.class);
        Provenance p = h.provenance();
        assertEquals(spec, p.spec());
        assertEquals("1a2b3c4", p.gitCommit());
        assertEquals("PyTorch", p.engine());
        assertEquals("2.7.1", p.engineVersion());
        assertEquals(2, p.threads());
        assertEquals(3, p.seeds().training());
        assertNull(p.settings());
        assertEquals(p, Provenance.fromJson(p.toJson()), "and it round-trips in the typed layout");
    }

    /** The final checkpoint's weights, as bytes per name. */
    private static Map<String, String> weights(Path runDir) {
        Map<String, String> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint c = Checkpoint.load(runDir.resolve("checkpoints/final.ckpt"), m);
            for (String name : c.weights().names()) {
                out.put(name, java.util.HexFormat.of().formatHex(c.weights().get(name).toByteArray()));
            }
        }
        return out;
    }
}
