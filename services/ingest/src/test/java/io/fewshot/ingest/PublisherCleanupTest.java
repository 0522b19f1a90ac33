package io.fewshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ingest.core.DatasetPublisher;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.support.DatasetDownloader;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import io.fewshot.dataset.format.DatasetManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol: a shard that does not verify stops the commit and leaves nothing behind; readers check again. */
@ExtendWith(LocalStackExtension.class)
class PublisherCleanupTest {
    @TempDir
    Path dir;

    private static DatasetManifest manifest(String name, List<DatasetManifest.ShardEntry> shards) {
        return new DatasetManifest(1, name, "0123456789abcdef", "omniglot", "test", "2026-01-01T00:00:00Z",
                new DatasetManifest.ImageSpec(1, 2, 2, "uint8", "CHW", "none"), new float[] {0.5f},
                new float[] {0.1f}, 1, List.of(), shards,
                List.of(new DatasetManifest.ClassEntry("A/c1", 1, shards.get(0).path(), 0)),
                Map.of("s", Map.of("train", List.of("A/c1"))), "s");
    }

    @Test
    void aShardThatDoesNotVerifyLeavesNeitherStagingNorShardsNorManifest(LocalStack stack) throws Exception {
        Files.createDirectories(dir.resolve("shards"));
        Files.write(dir.resolve("shards/a.bin"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("shards/b.bin"), new byte[] {4, 5, 6});
        String wrong = "0".repeat(64);
        String right = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81";
        DatasetManifest m = manifest("publish-fails", List.of(
                new DatasetManifest.ShardEntry("shards/a.bin", right, 3, 1),
                new DatasetManifest.ShardEntry("shards/b.bin", wrong, 3, 1)));
        try (S3Store store = TestData.store(stack)) {
            IngestException e = assertThrows(IngestException.class, () -> new DatasetPublisher(store).publish(m, dir));
            assertTrue(e.getMessage().contains("shards/b.bin"), e.getMessage());
            assertEquals(List.of(), store.list("datasets/publish-fails/"));
        }
    }

    @Test
    void aShardChangedInTheBucketAfterTheCommitIsRefusedByTheDownloader(LocalStack stack) throws Exception {
        Files.createDirectories(dir.resolve("shards"));
        Files.write(dir.resolve("shards/a.bin"), new byte[] {1, 2, 3});
        String right = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81";
        DatasetManifest m = manifest("tampered", List.of(new DatasetManifest.ShardEntry("shards/a.bin", right, 3, 1)));
        try (S3Store store = TestData.store(stack)) {
            new DatasetPublisher(store).publish(m, dir);
            store.putBytes("datasets/tampered/0123456789abcdef/shards/a.bin", new byte[] {9, 9, 9}, "x/y");
            DatasetDownloader.CorruptShard e = assertThrows(DatasetDownloader.CorruptShard.class,
                    () -> new DatasetDownloader(store).download("tampered", "0123456789abcdef", dir.resolve("cache")));
            assertTrue(e.getMessage().contains("shards/a.bin"), e.getMessage());
            assertTrue(Files.notExists(dir.resolve("cache/tampered/0123456789abcdef/manifest.json")),
                    "a folder without all its shards gets no manifest");
        }
    }

    @Test
    void aVerifiedDatasetIsCommittedWithTheManifestAndWithoutStaging(LocalStack stack) throws Exception {
        Files.createDirectories(dir.resolve("shards"));
        Files.write(dir.resolve("shards/a.bin"), new byte[] {1, 2, 3});
        String right = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81";
        DatasetManifest m = manifest("publish-works", List.of(new DatasetManifest.ShardEntry("shards/a.bin", right, 3, 1)));
        try (S3Store store = TestData.store(stack)) {
            new DatasetPublisher(store).publish(m, dir);
            assertEquals(List.of("datasets/publish-works/0123456789abcdef/manifest.json",
                    "datasets/publish-works/0123456789abcdef/shards/a.bin"),
                    store.list("datasets/publish-works/").stream().sorted().toList());
        }
    }
}
