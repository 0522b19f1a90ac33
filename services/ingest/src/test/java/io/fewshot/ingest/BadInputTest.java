package io.fewshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ingest.archive.ArchiveLimits;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.IngestSettings;
import io.fewshot.ingest.core.Ingester;
import io.fewshot.ingest.core.ProgressListener;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input is refused with its own code and a message naming the culprit, and leaves nothing
 * behind: no object under the dataset's prefix (staging included) and no file in the work folder.
 */
@ExtendWith(LocalStackExtension.class)
class BadInputTest {
    @TempDir
    Path dir;
    Path work;
    static TestData.Wired wired;
    static Path sharedWork;
    static int counter;

    @BeforeAll
    static void wire(LocalStack stack) throws IOException {
        sharedWork = Files.createTempDirectory("bad-input-work-");
        wired = TestData.wire(stack, sharedWork);
    }

    @BeforeEach
    void useSharedWork() {
        work = sharedWork;
    }

    @AfterAll
    static void close() throws IOException {
        wired.close();
        try (Stream<Path> left = Files.walk(sharedWork)) {
            left.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Ingests and expects a refusal with the given code whose message mentions {@code mention}. */
    private IngestException refused(Ingester ingester, String format, String source, String sha256, Integer images,
            Code code, String mention) throws IOException {
        String name = "bad-" + code.name().toLowerCase().replace('_', '-') + "-" + (++counter);
        IngestException e = assertThrows(IngestException.class, () -> ingester.ingest(
                new IngestRequest(name, format, source, sha256, images), ProgressListener.NONE));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(mention), "'" + e.getMessage() + "' should mention " + mention);
        assertEquals(java.util.List.of(), wired.store().list("datasets/" + name + "/"), "nothing left in S3");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "nothing left in the work folder");
        }
        return e;
    }

    private IngestException refused(String format, String source, Code code, String mention) throws IOException {
        return refused(wired.ingester(), format, source, null, null, code, mention);
    }

    private Map<String, byte[]> omniglot(String set) {
        return Fixtures.omniglotEntries(set, 1, 2, 20);
    }

    @Test
    void zipSlipEntryIsRefused() throws IOException {
        Map<String, byte[]> entries = omniglot("images_background");
        entries.put("images_background/../../evil.png", Fixtures.omniglotPng(1));
        Path zip = Fixtures.zip(dir.resolve("images_background.zip"), entries);
        refused("omniglot", zip.toString(), Code.UNSAFE_ENTRY, "../../evil.png");
    }

    @Test
    void absolutePathEntryIsRefused() throws IOException {
        Map<String, byte[]> entries = omniglot("images_background");
        entries.put("/tmp/evil.png", Fixtures.omniglotPng(1));
        Path zip = Fixtures.zip(dir.resolve("images_background.zip"), entries);
        refused("omniglot", zip.toString(), Code.UNSAFE_ENTRY, "absolute");
    }

    @Test
    void symlinkEntryInAZipIsRefused() throws IOException {
        Path zip = Fixtures.zipWithSymlink(dir.resolve("images_background.zip"), omniglot("images_background"),
                "images_background/Alphabet1/character01/link.png", "/etc/passwd");
        refused("omniglot", zip.toString(), Code.SYMLINK_ENTRY, "link.png");
    }

    @Test
    void symlinkEntryInATarIsRefused() throws IOException {
        Path tar = Fixtures.tar(dir.resolve("mini.tar"), Fixtures.miniRavi(1, 2), "images/n0000000000000099.jpg",
                "/etc/passwd");
        refused(wired.ingester(), "mini-imagenet", tar.toString(), null, 2, Code.SYMLINK_ENTRY, "/etc/passwd");
    }

    @Test
    void zipBombByCompressionRatioIsRefused() throws IOException {
        Map<String, byte[]> entries = omniglot("images_background");
        entries.put("images_background/Alphabet1/character01/bomb.png", new byte[20 << 20]);
        Path zip = Fixtures.zip(dir.resolve("images_background.zip"), entries);
        refused("omniglot", zip.toString(), Code.ARCHIVE_TOO_LARGE, "compression ratio");
    }

    /** The central directory claims 100 bytes; the entry really inflates to 20 MiB: caught while reading. */
    @Test
    void zipBombThatLiesAboutItsSizeIsStoppedWhileInflating() throws IOException {
        Map<String, byte[]> entries = Fixtures.miniRavi(1, 2);
        entries.put("images/n0000000000000002.jpg", new byte[20 << 20]);
        Path zip = Fixtures.zip(dir.resolve("mini.zip"), entries);
        byte[] bytes = Files.readAllBytes(zip);
        byte[] name = "images/n0000000000000002.jpg".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + 46 + name.length <= bytes.length; i++) {
            // central directory header: signature PK\1\2, uncompressed size at +24, name at +46
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2
                    && java.util.Arrays.equals(bytes, i + 46, i + 46 + name.length, name, 0, name.length)) {
                java.nio.ByteBuffer.wrap(bytes, i + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(100);
            }
        }
        Files.write(zip, bytes);
        refused(wired.ingester(), "mini-imagenet", zip.toString(), null, 2, Code.ARCHIVE_TOO_LARGE,
                "inflates more than");
    }

    @Test
    void zipBombByEntryCountIsRefused() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("images_background.zip"), omniglot("images_background"));
        Ingester strict = new Ingester(wired.store(), wired.events(), settings(new ArchiveLimits(39, 1L << 30, 1L << 20, 200)));
        refused(strict, "omniglot", zip.toString(), null, null, Code.ARCHIVE_TOO_LARGE, "more than 39 entries");
    }

    @Test
    void zipBombByTotalUncompressedBytesIsRefused() throws IOException {
        Map<String, byte[]> entries = omniglot("images_background");
        long total = entries.values().stream().mapToLong(b -> b.length).sum();
        Path zip = Fixtures.zip(dir.resolve("images_background.zip"), entries);
        Ingester strict = new Ingester(wired.store(), wired.events(), settings(new ArchiveLimits(1000, total / 2, 1L << 20, 200)));
        refused(strict, "omniglot", zip.toString(), null, null, Code.ARCHIVE_TOO_LARGE, "total limit");
    }

    @Test
    void nonImageEntryIsRefused() throws IOException {
        Map<String, byte[]> entries = omniglot("images_background");
        entries.put("images_background/Alphabet1/character01/notes.txt", "hello".getBytes());
        Path zip = Fixtures.zip(dir.resolve("images_background.zip"), entries);
        refused("omniglot", zip.toString(), Code.NON_IMAGE_ENTRY, "notes.txt");
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        Map<String, byte[]> entries = Fixtures.miniRavi(1, 2);
        byte[] jpg = entries.get("images/n0000000000000002.jpg");
        entries.put("images/n0000000000000002.jpg", java.util.Arrays.copyOf(jpg, jpg.length / 2));
        Path folder = Fixtures.folder(dir.resolve("mini"), entries);
        refused(wired.ingester(), "mini-imagenet", folder.toString(), null, 2, Code.CORRUPT_IMAGE,
                "n0000000000000002.jpg");
    }

    @Test
    void corruptPngIsRefused() throws IOException {
        Map<String, byte[]> entries = Fixtures.miniRavi(1, 2);
        byte[] png = Fixtures.solid(84, 84, java.awt.Color.RED, "png");
        png[png.length / 2] ^= 0x55;
        entries.put("images/n0000010000000001.jpg", png);
        Path zip = Fixtures.zip(dir.resolve("mini.zip"), entries);
        refused(wired.ingester(), "mini-imagenet", zip.toString(), null, 2, Code.CORRUPT_IMAGE, "CRC");
    }

    @Test
    void classWithTheWrongNumberOfImagesIsRefused() throws IOException {
        Map<String, byte[]> entries = omniglot("images_background");
        entries.remove("images_background/Alphabet1/character02/0102_20.png");
        Path zip = Fixtures.zip(dir.resolve("images_background.zip"), entries);
        Path evaluation = Fixtures.zip(dir.resolve("images_evaluation.zip"), omniglot("images_evaluation"));
        refused("omniglot", zip + "," + evaluation, Code.WRONG_IMAGE_COUNT, "Alphabet1/character02 has 19 images");
    }

    @Test
    void duplicateClassAcrossArchivesIsRefused() throws IOException {
        Path a = Fixtures.zip(dir.resolve("images_background.zip"), omniglot("images_background"));
        Path sub = Files.createDirectories(dir.resolve("copy"));
        Path b = Fixtures.zip(sub.resolve("images_background.zip"), omniglot("images_background"));
        refused("omniglot", a + "," + b, Code.DUPLICATE_CLASS, "Alphabet1/character01");
    }

    @Test
    void duplicateClassAcrossMiniImageNetSplitsIsRefused() throws IOException {
        Map<String, byte[]> entries = Fixtures.miniFolders(1, 2);
        entries.put("test/n00000000/again_1.jpg", entries.get("train/n00000000/n00000000_1.jpg"));
        entries.put("test/n00000000/again_2.jpg", entries.get("train/n00000000/n00000000_2.jpg"));
        Path folder = Fixtures.folder(dir.resolve("mini"), entries);
        refused(wired.ingester(), "mini-imagenet", folder.toString(), null, 2, Code.DUPLICATE_CLASS, "n00000000");
    }

    @Test
    void unreachableUrlIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/images_background.zip";
        refused("omniglot", url, Code.SOURCE_UNREACHABLE, url);
    }

    @Test
    void archiveWithAnotherSha256ThanGivenIsRefused() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("mini.zip"), Fixtures.miniRavi(1, 2));
        String wrong = TestData.BACKGROUND_SHA256;
        IngestException e = refused(wired.ingester(), "mini-imagenet", zip.toString(), wrong, 2,
                Code.SHA256_MISMATCH, wrong);
        assertTrue(e.getMessage().contains("mini.zip"), e.getMessage());
    }

    private IngestSettings settings(ArchiveLimits limits) {
        return new IngestSettings(work, limits, 32L << 20, 2, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
}
