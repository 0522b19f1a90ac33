package io.fewshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ingest.core.IngestOutcome;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.ProgressListener;
import io.fewshot.ingest.source.JunkFiles;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Files that tools leave beside a dataset (.gitattributes, .DS_Store, __MACOSX/) are skipped, not refused. */
@ExtendWith(LocalStackExtension.class)
class JunkFilesIngestTest {
    private static final byte[] TEXT = "* filter=lfs\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void junkNamesAreRecognisedAndImagesAndOtherFilesAreNot() {
        for (String junk : List.of(".gitattributes", ".DS_Store", "train/.DS_Store", "__MACOSX/train/n1/a.jpg",
                "train/n1/._a.jpg", ".git/config", "train/Thumbs.db", "Desktop.ini")) {
            assertTrue(JunkFiles.isJunk(junk), junk);
        }
        for (String kept : List.of("train/n1/a.jpg", "train.csv", "images/n1.jpg", "notes.txt", "a.b/c.png")) {
            assertFalse(JunkFiles.isJunk(kept), kept);
        }
    }

    @Test
    void aFolderWithJunkIngestsAsTheSameDatasetVersionAsWithout(LocalStack stack) throws IOException {
        Map<String, byte[]> clean = Fixtures.miniFolders(1, 2);
        Map<String, byte[]> withJunk = new TreeMap<>(clean);
        withJunk.put(".gitattributes", TEXT);
        withJunk.put(".DS_Store", TEXT);
        withJunk.put("train/.DS_Store", TEXT);
        withJunk.put("__MACOSX/train/._x.jpg", TEXT);
        Path cleanFolder = Fixtures.folder(dir.resolve("clean"), clean);
        Path junkFolder = Fixtures.folder(dir.resolve("junk"), withJunk);
        try (TestData.Wired w = TestData.wire(stack, dir.resolve("work"))) {
            IngestOutcome fromJunk = w.ingester().ingest(new IngestRequest("junk-mini", "mini-imagenet",
                    junkFolder.toString(), null, 2), ProgressListener.NONE);
            assertTrue(fromJunk.created());
            assertEquals(3, fromJunk.manifest().classes().size());
            assertEquals(6, fromJunk.manifest().totalImages());

            IngestOutcome fromClean = w.ingester().ingest(new IngestRequest("junk-mini", "mini-imagenet",
                    cleanFolder.toString(), null, 2), ProgressListener.NONE);
            assertEquals(fromJunk.manifest().version(), fromClean.manifest().version(),
                    "junk files do not make another version");
        }
    }

    @Test
    void aZipWithMacosMetadataIngests(LocalStack stack) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>(Fixtures.miniRavi(1, 2));
        entries.put("__MACOSX/._train.csv", TEXT);
        entries.put(".gitattributes", TEXT);
        Path zip = Fixtures.zip(dir.resolve("mini.zip"), entries);
        try (TestData.Wired w = TestData.wire(stack, dir.resolve("work"))) {
            IngestOutcome outcome = w.ingester().ingest(new IngestRequest("junk-mini-zip", "mini-imagenet",
                    zip.toString(), null, 2), ProgressListener.NONE);
            assertEquals(3, outcome.manifest().classes().size());
        }
    }
}
