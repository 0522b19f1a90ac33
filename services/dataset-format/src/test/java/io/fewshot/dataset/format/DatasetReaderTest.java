package io.fewshot.dataset.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {
    @TempDir
    Path dir;

    /** Two classes of two 2x2 gray images each, in one shard. */
    private void writeDataset(Map<String, Map<String, List<String>>> splits) throws IOException {
        ByteArrayOutputStream shard = new ByteArrayOutputStream();
        ShardFormat.writeHeader(shard, 1, 2, 2, 4);
        shard.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        byte[] bytes = shard.toByteArray();
        Files.createDirectories(dir.resolve("shards"));
        Files.write(dir.resolve("shards/shard-00000.bin"), bytes);
        DatasetManifest m = new DatasetManifest(1, "toy", "v1", "omniglot", "test", "2026-01-01T00:00:00Z",
                new DatasetManifest.ImageSpec(1, 2, 2, "uint8", "CHW", "none"), new float[] {0.5f},
                new float[] {0.2f}, 4, List.of(),
                List.of(new DatasetManifest.ShardEntry("shards/shard-00000.bin", DatasetReader.sha256Hex(bytes),
                        bytes.length, 4)),
                List.of(new DatasetManifest.ClassEntry("A/c1", 2, "shards/shard-00000.bin", 0),
                        new DatasetManifest.ClassEntry("A/c2", 2, "shards/shard-00000.bin", 2)),
                splits, "rot");
        Files.write(dir.resolve(DatasetManifest.FILE_NAME), m.toJson());
    }

    @Test
    void rotatedSplitClassesAreMadeFromTheStoredClassCounterClockwise() throws IOException {
        writeDataset(Map.of("rot", Map.of("train", List.of("A/c1/rot000", "A/c1/rot090"), "test",
                List.of("A/c2/rot180", "A/c2/rot270"))));
        FewShotDataset d = DatasetReader.read(dir);
        assertEquals(List.of("A/c1/rot000", "A/c1/rot090", "A/c2/rot180", "A/c2/rot270"), d.classNames());
        assertArrayEquals(new int[] {0, 1}, d.split("train"));
        assertArrayEquals(new int[] {2, 3}, d.split("test"));
        // image [[1,2],[3,4]] rotated 90 degrees counter-clockwise is [[2,4],[1,3]]
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, d.pixels(0));
        assertArrayEquals(new byte[] {2, 4, 1, 3, 6, 8, 5, 7}, d.pixels(1));
        assertArrayEquals(new byte[] {12, 11, 10, 9, 16, 15, 14, 13}, d.pixels(2));
        assertArrayEquals(new byte[] {11, 9, 12, 10, 15, 13, 16, 14}, d.pixels(3));
        assertEquals(8, d.totalImages());
    }

    @Test
    void aShardWhoseBytesChangedIsRefused() throws IOException {
        writeDataset(Map.of("rot", Map.of("train", List.of("A/c1"))));
        byte[] shard = Files.readAllBytes(dir.resolve("shards/shard-00000.bin"));
        shard[30] ^= 1;
        Files.write(dir.resolve("shards/shard-00000.bin"), shard);
        IOException e = assertThrows(IOException.class, () -> DatasetReader.read(dir));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void anUnknownSchemeOrClassIsNamedInTheError() throws IOException {
        writeDataset(Map.of("rot", Map.of("train", List.of("A/c9"))));
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> DatasetReader.read(dir, "lake"));
        assertTrue(scheme.getMessage().contains("lake"), scheme.getMessage());
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class, () -> DatasetReader.read(dir));
        assertTrue(cls.getMessage().contains("A/c9"), cls.getMessage());
    }

    @Test
    void aTruncatedShardIsRefused() throws IOException {
        ByteArrayOutputStream shard = new ByteArrayOutputStream();
        ShardFormat.writeHeader(shard, 1, 2, 2, 2);
        shard.write(new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class,
                () -> ShardFormat.read(new java.io.ByteArrayInputStream(shard.toByteArray()), "s"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
