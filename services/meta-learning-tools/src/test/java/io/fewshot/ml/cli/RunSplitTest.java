package io.fewshot.ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.dataset.format.ShardFormat;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.Provenance;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run trains and tests on the split its spec names, and records that split: Vinyals and the official
 * background/evaluation split ("lake") of the Omniglot zips, and Ravi of an ingested miniImageNet-shaped dataset.
 * Each tiny run trains for two steps; its pools are checked against the split's own files.
 */
class RunSplitTest {
    private static final Path OMNIGLOT = Fixtures.sharedOmniglot();
    private static final Path SPLITS = OMNIGLOT.getParent().resolve("splits");

    private static CliRunner.Result fsbMl(String... args) {
        return CliRunner.fsbMl(args);
    }

    private static final String[] TINY = {"--method", "protonet", "--way", "5", "--shot", "1", "--query", "1",
        "--steps", "2", "--threads", "1", "--no-eval", "--hyper", "trainWay=5", "--hyper", "filters=8"};

    static String[] train(Path runDir, String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--run-dir", runDir.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    static String[] tiny(Path runDir, String... args) {
        List<String> all = new ArrayList<>(List.of(train(runDir, args)));
        all.addAll(List.of(TINY));
        return all.toArray(String[]::new);
    }

    /** The provenance the run's final checkpoint records. */
    private static Provenance provenance(Path runDir) {
        try (NDManager m = NDManager.newBaseManager()) {
            return Checkpoint.load(runDir.resolve("checkpoints/final.ckpt"), m).header().provenance();
        }
    }

    private static List<String> names(FewShotDataset d, String pool) {
        List<String> out = new ArrayList<>();
        for (int c : d.split(pool)) {
            out.add(d.className(c));
        }
        return out;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static void assertDisjoint(FewShotDataset d) {
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (String pool : d.splits().keySet()) {
            seen.addAll(names(d, pool));
            total += d.split(pool).length;
        }
        assertEquals(total, seen.size(), "pools of " + d + " share classes");
    }

    @Test
    void aVinyalsRunTrainsOnTheVinyalsFilesAndRecordsVinyals(@TempDir Path dir) throws IOException {
        FewShotDataset d = DatasetLoader.load(OMNIGLOT, "omniglot", "vinyals", null);
        for (String pool : List.of("train", "val", "test")) {
            assertEquals(lines(SPLITS.resolve("omniglot/vinyals/" + pool + ".txt")), names(d, pool), pool);
        }
        assertEquals(Set.of("train", "val", "test"), d.splits().keySet());
        assertDisjoint(d);

        CliRunner.Result r = fsbMl(tiny(dir, "--data", OMNIGLOT.toString(), "--split", "vinyals", "--hyper", "validateEvery=0"));
        assertEquals(0, r.exit(), r.err());
        RunSpec spec = RunSpec.fromJson(Files.readString(dir.resolve("spec.json")));
        assertEquals("omniglot", spec.dataset());
        assertEquals("vinyals", spec.split());
        assertEquals("vinyals", provenance(dir).split());
    }

    @Test
    void aLakeSpecTrainsOnTheOfficialBackgroundAndEvaluationSets(@TempDir Path dir) throws IOException {
        FewShotDataset d = DatasetLoader.load(OMNIGLOT, "omniglot", "lake", null);
        assertEquals(characters("images_background.zip"), names(d, "train"));
        assertEquals(characters("images_evaluation.zip"), names(d, "test"));
        assertEquals(964, d.split("train").length);
        assertEquals(659, d.split("test").length);
        assertFalse(d.splits().containsKey("val"), "the official split has no val pool");
        assertDisjoint(d);

        // The reported bug: a lake spec given with --spec and no --splits trained on the Vinyals pools.
        RunSpec lake = new RunSpec("omniglot", "lake", Method.PROTO_NETS, 5, 1, 1, 0, 0, Budget.steps(2), 1,
                Map.of("trainWay", 5, "filters", 8, "validateEvery", 0));
        Path specFile = dir.resolve("lake.json");
        Files.writeString(specFile, lake.toJson());
        Path runDir = dir.resolve("run");
        CliRunner.Result r = fsbMl(train(runDir, "--spec", specFile.toString(), "--data", OMNIGLOT.toString(), "--threads", "1",
                "--no-eval"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("omniglot/lake[") && r.err().contains("train=964") && r.err().contains("test=659"),
                r.err());
        Provenance p = provenance(runDir);
        assertEquals("lake", p.split());
        assertEquals(lake, p.spec());
        assertEquals(lake.runId(), p.runId());
    }

    @Test
    void vinyalsTrainvalTrainsOnVinyalsTrainPlusValAndTestsOnItsTestPool(@TempDir Path dir) throws IOException {
        FewShotDataset d = DatasetLoader.load(OMNIGLOT, "omniglot", "vinyals-trainval", null);
        List<String> trainPlusVal = new ArrayList<>(lines(SPLITS.resolve("omniglot/vinyals/train.txt")));
        trainPlusVal.addAll(lines(SPLITS.resolve("omniglot/vinyals/val.txt")));
        assertEquals(trainPlusVal, names(d, "train"));
        assertEquals(lines(SPLITS.resolve("omniglot/vinyals/trainval.txt")), names(d, "train"),
                "the published trainval.txt");
        assertEquals(4800, d.split("train").length);
        assertEquals(lines(SPLITS.resolve("omniglot/vinyals/test.txt")), names(d, "test"));
        assertEquals(Set.of("train", "test"), d.splits().keySet(), "no val pool: it is trained on");
        assertDisjoint(d);

        // A tiny MAML run on Finn et al.'s strided network trains, does not validate, and evaluates.
        Path runDir = dir.resolve("run");
        CliRunner.Result r = fsbMl(train(runDir, "--data", OMNIGLOT.toString(), "--split", "vinyals-trainval",
                "--method", "maml", "--way", "5", "--shot", "1", "--query", "1", "--steps", "2", "--threads", "1",
                "--hyper", "filters=8", "--hyper", "metaBatch=2", "--hyper", "trainQuery=1",
                "--hyper", "network=strided", "--hyper", "validateEvery=0", "--hyper", "testEpisodes=4"));
        assertEquals(0, r.exit(), r.err());
        assertEquals("vinyals-trainval", RunSpec.fromJson(Files.readString(runDir.resolve("spec.json"))).split());
        assertEquals("vinyals-trainval", provenance(runDir).split());
        assertTrue(Files.isRegularFile(runDir.resolve("eval.json")), "the run is evaluated on the test pool");
        assertFalse(Files.exists(runDir.resolve("checkpoints/best.ckpt")), "nothing to validate on, no best");
    }

    @Test
    void aTrainvalSchemeOfAnIngestedDatasetMergesItsTrainAndValPools(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("mini");
        Map<String, List<String>> ravi = writeRaviShaped(data);
        FewShotDataset d = DatasetLoader.load(data, "mini-imagenet", "ravi-trainval", null);
        List<String> trainPlusVal = new ArrayList<>(ravi.get("train"));
        trainPlusVal.addAll(ravi.get("val"));
        assertEquals(trainPlusVal, names(d, "train"));
        assertEquals(ravi.get("test"), names(d, "test"));
        assertEquals(Set.of("train", "test"), d.splits().keySet());
        assertEquals("ravi-trainval", d.splitScheme());
        assertDisjoint(d);
    }

    @Test
    void aSplitWithoutValidationPoolNeedsValidationTurnedOff(@TempDir Path dir) {
        // 100 steps validate every 10 by default; the run must be refused before any step.
        CliRunner.Result r = fsbMl(train(dir, "--data", OMNIGLOT.toString(), "--split", "lake", "--steps", "100", "--no-eval"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("no val pool") && r.err().contains("validateEvery=0"), r.err());
        assertFalse(Files.exists(dir.resolve("checkpoints")), "nothing may train");
    }

    @Test
    void aRaviRunOfAnIngestedDatasetTrainsOnTheRaviClassesAndIsNamedForIt(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("mini");
        Map<String, List<String>> ravi = writeRaviShaped(data);
        FewShotDataset d = DatasetLoader.load(data, "mini-imagenet", "ravi", null);
        for (String pool : List.of("train", "val", "test")) {
            assertEquals(ravi.get(pool), names(d, pool), pool);
        }
        assertEquals(List.of(64, 16, 20), List.of(d.split("train").length, d.split("val").length,
                d.split("test").length));
        assertDisjoint(d);

        // No --dataset or --split: the run takes what the folder holds and is named for it.
        Path runDir = dir.resolve("run");
        CliRunner.Result r = fsbMl(tiny(runDir, "--data", data.toString(), "--hyper", "validateEvery=1",
                "--hyper", "validationEpisodes=2"));
        assertEquals(0, r.exit(), r.err());
        RunSpec spec = RunSpec.fromJson(Files.readString(runDir.resolve("spec.json")));
        assertEquals("mini-imagenet", spec.dataset());
        assertEquals("ravi", spec.split());
        assertTrue(spec.runId().startsWith("mini-imagenet-protonet-5w1s-"), spec.runId());
        assertEquals("ravi", provenance(runDir).split());

        CliRunner.Result wrongSplit = fsbMl(tiny(dir.resolve("x"), "--data", data.toString(), "--split", "vinyals"));
        assertEquals(2, wrongSplit.exit());
        assertTrue(wrongSplit.err().contains("vinyals") && wrongSplit.err().contains("ravi"), wrongSplit.err());
        CliRunner.Result wrongDataset = fsbMl(tiny(dir.resolve("y"), "--data", data.toString(), "--dataset", "omniglot"));
        assertEquals(2, wrongDataset.exit());
        assertTrue(wrongDataset.err().contains("holds dataset mini-imagenet, not omniglot"), wrongDataset.err());
    }

    @Test
    void theOmniglotZipsRefuseASplitTheyDoNotHaveNamingTheAllowedOnes(@TempDir Path dir) {
        CliRunner.Result r = fsbMl(tiny(dir, "--data", OMNIGLOT.toString(), "--split", "ravi"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("'ravi'") && r.err().contains("[vinyals, lake, vinyals-trainval]"), r.err());
        CliRunner.Result other = fsbMl(tiny(dir, "--data", OMNIGLOT.toString(), "--dataset", "mini-imagenet"));
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("not dataset mini-imagenet"), other.err());
    }

    @Test
    void aSpecAndCellOptionsTogetherAreAConflict(@TempDir Path dir) throws IOException {
        Path specFile = dir.resolve("spec.json");
        Files.writeString(specFile, new RunSpec("omniglot", "vinyals", Method.PROTO_NETS, 5, 1, 1, 0, 0,
                Budget.steps(2), 1, Map.of()).toJson());
        CliRunner.Result r = fsbMl(train(dir.resolve("run"), "--spec", specFile.toString(), "--data", OMNIGLOT.toString(),
                "--split", "lake", "--way", "20"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--spec fixes the whole cell") && r.err().contains("--split, --way"), r.err());
        assertFalse(Files.exists(dir.resolve("run")), "nothing may run on a conflict");
    }

    /** The characters of one official zip, as {@code Alphabet/characterNN}, sorted. */
    private static List<String> characters(String zip) throws IOException {
        Set<String> out = new TreeSet<>();
        try (ZipFile z = new ZipFile(OMNIGLOT.resolve(zip).toFile())) {
            z.stream().filter(e -> e.getName().endsWith(".png")).forEach(e -> {
                String[] parts = e.getName().split("/");
                out.add(parts[1] + "/" + parts[2]);
            });
        }
        return List.copyOf(out);
    }

    /**
     * An ingested dataset shaped like miniImageNet: the Ravi split's 100 classes (from its CSVs), two random
     * 3x16x16 images each, and the scheme "ravi" (plus a decoy scheme that must not be used).
     */
    private static Map<String, List<String>> writeRaviShaped(Path folder) throws IOException {
        Map<String, List<String>> ravi = new LinkedHashMap<>();
        for (String pool : List.of("train", "val", "test")) {
            Set<String> labels = new LinkedHashSet<>();
            List<String> rows = lines(SPLITS.resolve("miniImagenet/ravi/" + pool + ".csv"));
            for (String row : rows.subList(1, rows.size())) {
                labels.add(row.split(",")[1]);
            }
            ravi.put(pool, List.copyOf(labels));
        }
        List<String> classes = ravi.values().stream().flatMap(List::stream).toList();
        int imageBytes = 3 * 16 * 16;
        byte[] pixels = new byte[classes.size() * 2 * imageBytes];
        new java.util.Random(7).nextBytes(pixels);
        ByteArrayOutputStream shard = new ByteArrayOutputStream();
        ShardFormat.writeHeader(shard, 3, 16, 16, classes.size() * 2);
        shard.write(pixels);
        byte[] bytes = shard.toByteArray();
        Files.createDirectories(folder.resolve("shards"));
        Files.write(folder.resolve("shards/shard-00000.bin"), bytes);
        List<DatasetManifest.ClassEntry> entries = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            entries.add(new DatasetManifest.ClassEntry(classes.get(c), 2, "shards/shard-00000.bin", 2 * c));
        }
        Map<String, List<String>> decoy = Map.of("train", classes.subList(0, 50), "val", classes.subList(50, 60),
                "test", classes.subList(60, 100));
        DatasetManifest m = new DatasetManifest(DatasetManifest.FORMAT_VERSION, "mini-imagenet", "v1",
                "mini-imagenet", "test", "2026-01-01T00:00:00Z",
                new DatasetManifest.ImageSpec(3, 16, 16, "uint8", "CHW", "test"), new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.29f, 0.29f, 0.29f}, classes.size() * 2, List.of(),
                List.of(new DatasetManifest.ShardEntry("shards/shard-00000.bin", sha256(bytes), bytes.length,
                        classes.size() * 2)),
                entries, Map.of("ravi", ravi, "decoy", decoy), "ravi");
        Files.write(folder.resolve(DatasetManifest.FILE_NAME), m.toJson());
        return ravi;
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
