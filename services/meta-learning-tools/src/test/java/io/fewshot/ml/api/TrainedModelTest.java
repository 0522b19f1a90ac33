package io.fewshot.ml.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.cli.CliRunner;
import io.fewshot.ml.data.Episode;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run trained for a few steps is loaded from its folder and classifies real Omniglot PNGs of the test pool, through
 * the public API and through {@code fsb-ml predict}; the images it prepares are byte for byte the dataset's.
 */
class TrainedModelTest {
    private static final int WAY = 5;
    private static final int QUERIES = 2;

    @TempDir
    static Path dir;
    static Path runDir;
    static FewShotDataset omniglot;
    /** Test-pool characters, as dataset class names ({@code .../rot000}), and their first 1 + QUERIES PNGs. */
    static Map<String, List<byte[]>> pngs = new LinkedHashMap<>();

    @BeforeAll
    static void trainATinyRun() throws IOException {
        Threads.set(1);
        omniglot = Fixtures.omniglot();
        RunSpec spec = new RunSpec("omniglot", "vinyals", Method.PROTO_NETS, WAY, 1, QUERIES, 0, 0, Budget.steps(10), 1,
                Map.of("trainWay", 5, "trainQuery", 5, "validateEvery", 0, "filters", 16));
        runDir = dir.resolve("run");
        try (MetaTrainer trainer = new MetaTrainer(spec, omniglot, runDir)) {
            trainer.train(TrainingListener.NONE);
        }
        Files.writeString(runDir.resolve("spec.json"), spec.toJson());

        List<String> test = new ArrayList<>();
        for (int c : omniglot.split("test")) {
            if (omniglot.className(c).endsWith("/rot000")) {
                test.add(omniglot.className(c));
            }
        }
        // Ordered as fsb-ml predict orders its class folders (by name), so that both see one task.
        List<String> chosen = test.subList(0, WAY).stream().sorted((a, b) -> folder(a).compareTo(folder(b))).toList();
        try (ZipFile zip = new ZipFile(Fixtures.sharedOmniglot().resolve("images_evaluation.zip").toFile())) {
            for (String cls : chosen) {
                String character = cls.substring(0, cls.length() - "/rot000".length());
                List<byte[]> images = new ArrayList<>();
                // The zip reader keeps a character's drawings in entry order: entry i is image i of the class.
                for (ZipEntry e : zip.stream().filter(e -> e.getName().endsWith(".png")
                        && e.getName().startsWith("images_evaluation/" + character + "/")).limit(1 + QUERIES).toList()) {
                    images.add(zip.getInputStream(e).readAllBytes());
                }
                pngs.put(cls, images);
            }
        }
    }

    private static String folder(String className) {
        return className.replace('/', '_');
    }

    /** support/<class>/0.png and query/<c>-<i>.png (c the class's position), class names with '/' made '_'. */
    private static Path[] writeTaskFolders(Path root) throws IOException {
        Path support = Files.createDirectories(root.resolve("support"));
        Path query = Files.createDirectories(root.resolve("query"));
        int c = 0;
        for (var e : pngs.entrySet()) {
            Files.write(Files.createDirectories(support.resolve(folder(e.getKey()))).resolve("0.png"),
                    e.getValue().get(0));
            for (int i = 1; i <= QUERIES; i++) {
                Files.write(query.resolve(c + "-" + i + ".png"), e.getValue().get(i));
            }
            c++;
        }
        return new Path[] {support, query};
    }

    private static Map<String, List<Path>> supportFiles(Path support) {
        Map<String, List<Path>> out = new LinkedHashMap<>();
        pngs.keySet().forEach(c -> out.put(folder(c), List.of(support.resolve(folder(c)).resolve("0.png"))));
        return out;
    }

    private static List<Path> sortedFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aNewImageIsPreparedExactlyAsTheDatasetStoredIt() throws IOException {
        Path png = Files.write(dir.resolve("one.png"), pngs.values().iterator().next().get(1));
        try (TrainedModel model = TrainedModel.load(runDir, omniglot)) {
            int cls = omniglot.classNames().indexOf(pngs.keySet().iterator().next());
            byte[] stored = Arrays.copyOfRange(omniglot.pixels(cls), 28 * 28, 2 * 28 * 28);
            assertArrayEquals(stored, model.preprocess(png));
            assertEquals(255, model.preprocess(png)[0] & 0xFF, "white background = 255, as ingest stores it");
        }
    }

    @Test
    void predictionsOnImageFilesEqualTheEvaluatorsOnTheSameStoredTask() throws IOException {
        Path[] task = writeTaskFolders(dir.resolve("api"));
        try (TrainedModel model = TrainedModel.load(runDir, omniglot)) {
            Prediction p = model.classifyFiles(supportFiles(task[0]), sortedFiles(task[1]));
            assertEquals(WAY * QUERIES, p.queries());
            // The same task cut from the dataset as the evaluator cuts it: class c, support image 0, queries 1..Q.
            int[] classes = pngs.keySet().stream().mapToInt(c -> omniglot.classNames().indexOf(c)).toArray();
            int[][] support = new int[WAY][];
            int[][] query = new int[WAY][];
            for (int c = 0; c < WAY; c++) {
                support[c] = new int[] {0};
                query[c] = new int[QUERIES];
                for (int i = 0; i < QUERIES; i++) {
                    query[c][i] = 1 + i;
                }
            }
            float[] expected;
            try (NDManager m = NDManager.newBaseManager()) {
                EpisodeBatch b = EpisodeBatch.of(m, omniglot, List.of(new Episode(classes, support, query)));
                Map<String, List<byte[]>> stored = new LinkedHashMap<>();
                List<byte[]> storedQueries = new ArrayList<>();
                for (int c = 0; c < WAY; c++) {
                    byte[] px = omniglot.pixels(classes[c]);
                    stored.put("c" + c, List.of(Arrays.copyOfRange(px, 0, 784)));
                    for (int i = 1; i <= QUERIES; i++) {
                        storedQueries.add(Arrays.copyOfRange(px, i * 784, (i + 1) * 784));
                    }
                }
                EpisodeBatch mine = EpisodeBatch.ofImages(m, omniglot, stored.values().stream().flatMap(List::stream)
                        .toList(), WAY, 1, storedQueries);
                assertArrayEquals(b.supportX().toFloatArray(), mine.supportX().toFloatArray());
                assertArrayEquals(b.queryX().toFloatArray(), mine.queryX().toFloatArray());
                expected = flatten(model.classify(stored, storedQueries).probabilities());
            }
            // query files sort class-major as the stored queries are ordered
            assertArrayEquals(expected, flatten(p.probabilities()), 1e-6f);
            for (int q = 0; q < p.queries(); q++) {
                float sum = 0;
                for (float v : p.probabilities()[q]) {
                    sum += v;
                }
                assertEquals(1f, sum, 1e-4f, "query " + q);
            }
        }
    }

    @Test
    void aQueryThatIsASupportImageIsPredictedAsItsClassThroughTheCli() throws IOException {
        Path[] task = writeTaskFolders(dir.resolve("cli"));
        String first = folder(pngs.keySet().iterator().next());
        Files.copy(task[0].resolve(first).resolve("0.png"), task[1].resolve("copy.png"));
        var r = CliRunner.fsbMl("predict", "--run", runDir.toString(), "--data", Fixtures.sharedOmniglot().toString(),
                "--support", task[0].toString(), "--query", task[1].toString(), "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        List<Path> queries = sortedFiles(task[1]);
        assertEquals(1 + queries.size(), lines.size(), r.out());
        List<String> header = List.of(lines.get(0).split("\t"));
        assertEquals(List.of("query", "predicted"), header.subList(0, 2));
        assertEquals(pngs.keySet().stream().map(TrainedModelTest::folder).toList(), header.subList(2, 2 + WAY));
        String copy = lines.stream().filter(l -> l.startsWith("copy.png\t")).findFirst().orElseThrow();
        assertEquals(first, copy.split("\t")[1], copy);

        try (TrainedModel model = TrainedModel.load(runDir, omniglot)) {
            Prediction p = model.classifyFiles(supportFiles(task[0]), queries);
            for (int q = 0; q < p.queries(); q++) {
                String[] cells = lines.get(1 + q).split("\t");
                assertEquals(queries.get(q).getFileName().toString(), cells[0]);
                assertEquals(p.predictedClass(q), cells[1], lines.get(1 + q));
                for (int c = 0; c < WAY; c++) {
                    assertEquals(p.probabilities()[q][c], Float.parseFloat(cells[2 + c]), 6e-5f, lines.get(1 + q));
                }
            }
        }
    }

    @Test
    void badTasksAreRefusedWithTheReason() throws IOException {
        try (TrainedModel model = TrainedModel.load(runDir, omniglot)) {
            List<byte[]> one = List.of(new byte[784]);
            IllegalArgumentException uneven = assertThrows(IllegalArgumentException.class, () -> model.classify(
                    Map.of("a", one, "b", List.of(new byte[784], new byte[784])), one));
            assertTrue(uneven.getMessage().contains("same number of images"), uneven.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> model.classify(
                    Map.of("a", one, "b", one), List.of(new byte[100])));
            assertTrue(size.getMessage().contains("1x28x28"), size.getMessage());
        }
        IllegalArgumentException notRun = assertThrows(IllegalArgumentException.class,
                () -> TrainedModel.load(dir, omniglot));
        assertTrue(notRun.getMessage().contains("spec.json"), notRun.getMessage());
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * rows[r].length, rows[r].length);
        }
        return out;
    }
}
