package io.fewshot.ingest.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.dataset.format.OmniglotZips;
import io.fewshot.dataset.format.ShardFormat;
import io.fewshot.ingest.TestData;
import io.fewshot.ingest.archive.ArchiveLimits;
import io.fewshot.ingest.archive.ImageArchive;
import io.fewshot.ingest.archive.ZipArchive;
import io.fewshot.ingest.layout.IngestPlan;
import io.fewshot.ingest.layout.OmniglotLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two entry points to Omniglot, ingest's shards and the engine's zip reader ({@code fsb-ml --data <zips>}),
 * give identical stored images (white background = 255, ink = 0) and identical normalisation statistics, so a
 * tensor never depends on which one produced it.
 */
class OnePreprocessingTest {
    @TempDir
    Path dir;

    @Test
    void ingestAndTheZipReaderGiveIdenticalImagesAndStatistics() throws IOException {
        Path zips = Files.createDirectories(dir.resolve("omniglot"));
        List<String> background = copyCharacters("images_background.zip", zips, 2);
        List<String> evaluation = copyCharacters("images_evaluation.zip", zips, 1);

        Map<String, List<String>> vinyals = new LinkedHashMap<>();
        vinyals.put("train", background.stream().map(c -> c + "/rot000").toList());
        vinyals.put("test", evaluation.stream().map(c -> c + "/rot000").toList());
        IngestPlan plan;
        ShardBuilder.Result ingested;
        try (ImageArchive bg = new ZipArchive(zips.resolve("images_background.zip"), ArchiveLimits.defaults());
                ImageArchive ev = new ZipArchive(zips.resolve("images_evaluation.zip"), ArchiveLimits.defaults())) {
            plan = new OmniglotLayout(vinyals).plan(List.of(bg, ev));
            ingested = new ShardBuilder(1 << 30, 1).build(plan, dir.resolve("ingested"), p -> { });
        }
        byte[] shard;
        try (var in = Files.newInputStream(dir.resolve("ingested").resolve(ingested.shards().get(0).path()))) {
            shard = ShardFormat.read(in, "shard").pixels();
        }

        FewShotDataset zipRead = OmniglotZips.load(zips, "lake", null);
        int imageBytes = 28 * 28;
        for (var c : ingested.classes()) {
            int index = zipRead.classNames().indexOf(c.name());
            byte[] fromIngest = Arrays.copyOfRange(shard, c.offset() * imageBytes,
                    (c.offset() + c.images()) * imageBytes);
            assertArrayEquals(fromIngest, zipRead.pixels(index), c.name());
            assertEquals(255, fromIngest[0] & 0xFF, "the top-left corner of " + c.name() + " is white background");
        }
        assertEquals(3, ingested.classes().size());
        assertArrayEquals(ingested.mean(), zipRead.mean());
        assertArrayEquals(ingested.std(), zipRead.std());
    }

    /** Copies the first {@code n} characters (all 20 drawings each) of an official zip into a zip of that name. */
    private static List<String> copyCharacters(String name, Path to, int n) throws IOException {
        List<String> characters = new ArrayList<>();
        try (ZipFile source = new ZipFile(TestData.omniglot().resolve(name).toFile());
                OutputStream file = Files.newOutputStream(to.resolve(name));
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e : source.stream().filter(e -> e.getName().endsWith(".png")).toList()) {
                String[] parts = e.getName().split("/");
                String character = parts[1] + "/" + parts[2];
                if (!characters.contains(character)) {
                    if (characters.size() == n) {
                        continue;
                    }
                    characters.add(character);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(source.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        return characters;
    }
}
