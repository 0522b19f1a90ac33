package io.fewshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ingest.core.IngestOutcome;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.ProgressListener;
import io.fewshot.support.DatasetDownloader;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.dataset.format.DatasetReader;
import io.fewshot.dataset.format.FewShotDataset;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Both miniImageNet layouts, as a zip, a tar.gz and a folder, ingest and read back as 3x84x84 with the Ravi split. */
@ExtendWith(LocalStackExtension.class)
class MiniImageNetIngestTest {
    @TempDir
    Path dir;

    @Test
    void raviLayoutInAZipIngestsWithItsCsvSplit(LocalStack stack) throws IOException {
        Path zip = Fixtures.zip(dir.resolve("mini-imagenet.zip"), Fixtures.miniRavi(2, 3));
        checkIngested(stack, "mini-ravi-zip", zip.toString());
    }

    @Test
    void raviLayoutInATarGzIngests(LocalStack stack) throws IOException {
        Path tar = Fixtures.tar(dir.resolve("mini-imagenet.tar"), Fixtures.miniRavi(2, 3), null, null);
        Path gz = dir.resolve("mini-imagenet.tar.gz");
        try (var in = java.nio.file.Files.newInputStream(tar);
                var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        checkIngested(stack, "mini-ravi-tgz", gz.toString());
    }

    @Test
    void folderPerClassLayoutIngestsWithNonSquareImagesStretchedTo84(LocalStack stack) throws IOException {
        Path folder = Fixtures.folder(dir.resolve("mini-folders"), Fixtures.miniFolders(2, 3));
        checkIngested(stack, "mini-folders", folder.toString());
    }

    private void checkIngested(LocalStack stack, String name, String source) throws IOException {
        try (TestData.Wired w = TestData.wire(stack, dir.resolve("work"))) {
            IngestOutcome outcome = w.ingester().ingest(new IngestRequest(name, "mini-imagenet", source, null, 3),
                    ProgressListener.NONE);
            DatasetManifest m = outcome.manifest();
            assertTrue(outcome.created());
            assertEquals(new DatasetManifest.ImageSpec(3, 84, 84, "uint8", "CHW", m.image().resampling()), m.image());
            assertEquals(6, m.classes().size());
            assertEquals(18, m.totalImages());
            Map<String, List<String>> ravi = m.splits().get("ravi");
            assertEquals(Fixtures.wnids("train", 2), ravi.get("train"));
            assertEquals(Fixtures.wnids("val", 2), ravi.get("val"));
            assertEquals(Fixtures.wnids("test", 2), ravi.get("test"));
            assertEquals(1, m.sources().size());

            Path folder = new DatasetDownloader(w.store()).download(name, m.version(), dir.resolve("cache"));
            FewShotDataset d = DatasetReader.read(folder);
            assertEquals(6, d.classCount());
            for (int c = 0; c < d.classCount(); c++) {
                Color expected = Fixtures.colourOf(d.className(c));
                byte[] px = d.pixels(c);
                int plane = 84 * 84;
                // a solid colour stays solid through the box filter; JPEG changes it by a few levels at most
                assertNear(expected.getRed(), px[plane / 2] & 0xFF, d.className(c));
                assertNear(expected.getGreen(), px[plane + plane / 2] & 0xFF, d.className(c));
                assertNear(expected.getBlue(), px[2 * plane + plane / 2] & 0xFF, d.className(c));
            }
        }
    }

    private static void assertNear(int expected, int actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 6, what + ": expected ~" + expected + ", got " + actual);
    }
}
