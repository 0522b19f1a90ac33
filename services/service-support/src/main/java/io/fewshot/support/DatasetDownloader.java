package io.fewshot.support;

import io.fewshot.contracts.Sha256;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.platform.s3.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a committed dataset from the bucket into a local folder (the trainer's cache) that
 * {@code io.fewshot.dataset.format.DatasetReader} reads. Only a manifest is trusted: without one nothing is fetched.
 * Each shard's sha256 is checked on arrival; shards already in the folder with the right digest are kept.
 * A missing manifest or a failed transfer is a {@link StorageException} (retryable, as before the
 * move out of ingest); a shard whose digest does not match is a {@link CorruptShard} (not retryable).
 */
public final class DatasetDownloader {
    private final S3Store store;

    public DatasetDownloader(S3Store store) {
        this.store = store;
    }

    /** @return the folder holding manifest.json and shards/ */
    public Path download(String name, String version, Path cacheRoot) {
        String manifestKey = ObjectKeys.datasetManifest(name, version);
        byte[] manifestBytes = store.getBytesOrNull(manifestKey);
        if (manifestBytes == null) {
            throw new StorageException("dataset " + name + "/" + version
                    + " is not committed (no " + manifestKey + ")", null);
        }
        try {
            DatasetManifest manifest = DatasetManifest.fromJson(manifestBytes);
            Path folder = cacheRoot.resolve(name).resolve(version);
            Files.createDirectories(folder);
            String prefix = ObjectKeys.datasetPrefix(name, version);
            for (DatasetManifest.ShardEntry shard : manifest.shards()) {
                Path target = folder.resolve(ObjectKeys.relative("shard path", shard.path()));
                if (Files.exists(target) && Sha256.ofFile(target).equals(shard.sha256())) {
                    continue;
                }
                store.download(prefix + shard.path(), target);
                String actual = Sha256.ofFile(target);
                if (!actual.equals(shard.sha256())) {
                    Files.delete(target);
                    throw new CorruptShard(prefix + shard.path() + " has sha256 " + actual
                            + ", the manifest says " + shard.sha256());
                }
            }
            // The manifest goes last here too: a folder with a manifest is a complete folder.
            Path tmp = folder.resolve(DatasetManifest.FILE_NAME + ".part");
            Files.write(tmp, manifestBytes);
            Files.move(tmp, folder.resolve(DatasetManifest.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return folder;
        } catch (IOException e) {
            throw new StorageException("cannot download " + name + "/" + version + ": "
                    + e.getMessage(), e);
        }
    }

    /** A shard's bytes in the bucket do not match the manifest's sha256: retrying cannot help. */
    public static final class CorruptShard extends RuntimeException {
        public CorruptShard(String message) {
            super(message);
        }
    }
}
