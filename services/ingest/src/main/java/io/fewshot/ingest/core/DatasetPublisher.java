package io.fewshot.ingest.core;

import io.fewshot.contracts.Sha256;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.dataset.format.DatasetManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The commit protocol. Shards go to {@code datasets/<name>/.staging/<uuid>/}, are read back and checked
 * against their sha256, copied to {@code datasets/<name>/<version>/} and checked there by size, and the
 * manifest is written last: its presence is the commit. Whatever happens, the staging prefix is removed.
 *
 * <p>Shards already copied under the version are not deleted on failure: the version is derived from the
 * sources, so another process may be committing the very same shards (same keys, same bytes) right now,
 * and deleting them could leave its manifest pointing at nothing. Without a manifest they are invisible,
 * and the next attempt overwrites them with identical bytes.
 */
public final class DatasetPublisher {
    private final S3Store store;

    public DatasetPublisher(S3Store store) {
        this.store = store;
    }

    /** @return our manifest once committed, or null if a concurrent writer committed this version first */
    public DatasetManifest publish(DatasetManifest manifest, Path folder) {
        String name = manifest.name();
        String version = manifest.version();
        String staging = ObjectKeys.stagingPrefix(name, UUID.randomUUID().toString());
        String finalPrefix = ObjectKeys.datasetPrefix(name, version);
        String manifestKey = ObjectKeys.datasetManifest(name, version);
        try {
            for (DatasetManifest.ShardEntry shard : manifest.shards()) {
                store.putFile(staging + shard.path(), folder.resolve(shard.path()));
            }
            Path check = Files.createTempDirectory(folder, "verify-");
            for (DatasetManifest.ShardEntry shard : manifest.shards()) {
                verify(staging + shard.path(), shard, check.resolve("shard.bin"));
            }
            if (store.exists(manifestKey)) {
                return null;
            }
            for (DatasetManifest.ShardEntry shard : manifest.shards()) {
                store.copy(staging + shard.path(), finalPrefix + shard.path());
            }
            checkSizes(finalPrefix, manifest);
            store.putBytes(manifestKey, manifest.toJson(), "application/json");
            return manifest;
        } catch (IOException e) {
            throw new IngestException(Code.STORAGE_FAILURE, "cannot verify staged shards: " + e.getMessage(), e);
        } finally {
            store.deletePrefix(staging);
        }
    }

    private void checkSizes(String prefix, DatasetManifest manifest) {
        java.util.Map<String, Long> sizes = store.sizes(prefix);
        for (DatasetManifest.ShardEntry shard : manifest.shards()) {
            Long size = sizes.get(prefix + shard.path());
            if (size == null || size != shard.bytes()) {
                throw new IngestException(Code.STORAGE_FAILURE, prefix + shard.path() + " has " + size
                        + " bytes after the copy, not " + shard.bytes());
            }
        }
    }

    private void verify(String key, DatasetManifest.ShardEntry shard, Path tmp) throws IOException {
        store.download(key, tmp);
        String actual = Sha256.ofFile(tmp);
        Files.delete(tmp);
        if (!actual.equals(shard.sha256())) {
            throw new IngestException(Code.STORAGE_FAILURE, "staged " + key + " reads back with sha256 " + actual
                    + ", not " + shard.sha256());
        }
    }
}
