package io.fewshot.ingest.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ingest.Fixtures;
import io.fewshot.ingest.archive.ArchiveLimits;
import io.fewshot.ingest.archive.DirectoryArchive;
import io.fewshot.ingest.archive.ImageArchive;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout rules, without any storage: what a source must look like, and the split schemes it yields. */
class LayoutTest {
    @TempDir
    Path dir;

    private ImageArchive folder(String name, Map<String, byte[]> entries) throws IOException {
        return new DirectoryArchive(Fixtures.folder(dir.resolve(name), entries), ArchiveLimits.defaults());
    }

    @Test
    void omniglotGivesAVinyalsSchemeOfRotatedClassesAndTheLakeScheme() throws IOException {
        ImageArchive background = folder("bg", Fixtures.omniglotEntries("images_background", 1, 2, 20));
        ImageArchive evaluation = folder("ev", Fixtures.omniglotEntries("images_evaluation", 1, 1, 20));
        Map<String, List<String>> vinyals = Map.of(
                "train", List.of("Alphabet1/character01/rot000", "Alphabet1/character01/rot090"),
                "val", List.of("Alphabet1/character02/rot000"),
                "test", List.of("EvalAlphabet1/character01/rot180"));
        IngestPlan plan = new OmniglotLayout(vinyals).plan(List.of(background, evaluation));
        assertEquals(3, plan.classes().size());
        assertEquals(60, plan.totalImages());
        assertEquals(vinyals, plan.splits().get("vinyals"));
        assertEquals(List.of("Alphabet1/character01", "Alphabet1/character02"), plan.splits().get("lake").get("train"));
        assertEquals(List.of("EvalAlphabet1/character01"), plan.splits().get("lake").get("test"));
        assertEquals(List.of(1, 28, 28), List.of(plan.channels(), plan.height(), plan.width()));
    }

    @Test
    void aVinyalsSplitThatMissesACharacterIsRefused() throws IOException {
        ImageArchive background = folder("bg", Fixtures.omniglotEntries("images_background", 1, 2, 20));
        ImageArchive evaluation = folder("ev", Fixtures.omniglotEntries("images_evaluation", 1, 1, 20));
        Map<String, List<String>> vinyals = Map.of("train", List.of("Alphabet1/character01/rot000"));
        IngestException e = assertThrows(IngestException.class,
                () -> new OmniglotLayout(vinyals).plan(List.of(background, evaluation)));
        assertEquals(Code.BAD_LAYOUT, e.code());
        assertTrue(e.getMessage().contains("no Vinyals pool"), e.getMessage());
    }

    @Test
    void theCommittedVinyalsSplitHasThePublishedSizes() {
        Map<String, List<String>> v = OmniglotLayout.officialVinyals();
        assertEquals(List.of(4112, 688, 1692), List.of(v.get("train").size(), v.get("val").size(), v.get("test").size()));
    }

    @Test
    void omniglotNeedsBothOfficialSets() throws IOException {
        ImageArchive background = folder("bg", Fixtures.omniglotEntries("images_background", 1, 1, 20));
        IngestException e = assertThrows(IngestException.class,
                () -> new OmniglotLayout(Map.of()).plan(List.of(background)));
        assertEquals(Code.BAD_LAYOUT, e.code());
        assertTrue(e.getMessage().contains("images_evaluation"), e.getMessage());
    }

    @Test
    void aRaviCsvThatNamesAMissingImageIsRefused() throws IOException {
        Map<String, byte[]> entries = Fixtures.miniRavi(1, 2);
        entries.remove("images/n0000020000000002.jpg");
        IngestException e = assertThrows(IngestException.class,
                () -> new MiniImageNetLayout(2).plan(List.of(folder("mini", entries))));
        assertEquals(Code.BAD_LAYOUT, e.code());
        assertTrue(e.getMessage().contains("n0000020000000002.jpg"), e.getMessage());
    }

    @Test
    void anImageInNoRaviCsvIsRefused() throws IOException {
        Map<String, byte[]> entries = Fixtures.miniRavi(1, 2);
        entries.put("images/n0000000000000077.jpg", entries.get("images/n0000000000000001.jpg"));
        IngestException e = assertThrows(IngestException.class,
                () -> new MiniImageNetLayout(2).plan(List.of(folder("mini", entries))));
        assertEquals(Code.BAD_LAYOUT, e.code());
        assertTrue(e.getMessage().contains("n0000000000000077.jpg"), e.getMessage());
    }

    @Test
    void aRaviRowWhoseLabelIsNotItsFileNamesWnidIsRefused() throws IOException {
        Map<String, byte[]> entries = Fixtures.miniRavi(1, 2);
        String csv = new String(entries.get("val.csv"), StandardCharsets.UTF_8).replace(
                "n0000010000000001.jpg,n00000100", "n0000010000000001.jpg,n00000999");
        entries.put("val.csv", csv.getBytes(StandardCharsets.UTF_8));
        IngestException e = assertThrows(IngestException.class,
                () -> new MiniImageNetLayout(2).plan(List.of(folder("mini", entries))));
        assertEquals(Code.BAD_LAYOUT, e.code());
        assertTrue(e.getMessage().contains("val.csv line 2"), e.getMessage());
    }
}
