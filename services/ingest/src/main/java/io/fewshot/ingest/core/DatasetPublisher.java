package io.fewshot.ingest.core;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.ingest.store.S3Store;
import io.fewshot.ml.data.DatasetManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The commit protocol. Shards go to {@code datasets/<name>/.staging/<uuid>/}, are read back and checked
 * against their sha256, copied to {@code datasets/<name>/<version>/}, and the manifest is written last:
 * its presence is the commit. Whatever happens, the staging prefix is removed; on failure the version's
 * shards are removed too (they were never visible: no manifest points at them).
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
        boolean committed = false;
        try {
            for (DatasetManifest.ShardEntry shard : manifest.shards()) {
                store.putFile(staging + shard.path(), folder.resolve(shard.path()));
            }
            Path check = Files.createTempDirectory(folder, "verify-");
            for (DatasetManifest.ShardEntry shard : manifest.shards()) {
                verify(staging + shard.path(), shard, check.resolve("shard.bin"));
            }
            if (store.exists(manifestKey)) {
                committed = true;
                return null;
            }
            for (DatasetManifest.ShardEntry shard : manifest.shards()) {
                store.copy(staging + shard.path(), finalPrefix + shard.path());
            }
            store.putBytes(manifestKey, manifest.toJson(), "application/json");
            committed = true;
            return manifest;
        } catch (IOException e) {
            throw new IngestException(Code.STORAGE_FAILURE, "cannot verify staged shards: " + e.getMessage(), e);
        } finally {
            store.deletePrefix(staging);
            if (!committed && !store.exists(manifestKey)) {
                store.deletePrefix(finalPrefix);
            }
        }
    }

    private void verify(String key, DatasetManifest.ShardEntry shard, Path tmp) throws IOException {
        store.download(key, tmp);
        String actual = sha256(tmp);
        Files.delete(tmp);
        if (!actual.equals(shard.sha256())) {
            throw new IngestException(Code.STORAGE_FAILURE, "staged " + key + " reads back with sha256 " + actual
                    + ", not " + shard.sha256());
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0;) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
