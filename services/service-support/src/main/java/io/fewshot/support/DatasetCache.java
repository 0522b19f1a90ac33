package io.fewshot.support;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.dataset.format.DatasetReader;
import io.fewshot.dataset.format.FewShotDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's dataset: downloaded by its manifest into a local folder (ingest's downloader checks every
 * shard's sha256 and keeps verified shards), read with the run's split, and kept in memory for the
 * next run on the same data (the last {@value #KEEP} datasets).
 *
 * <p>Which version: the spec's {@code datasetVersion} hyperparameter when set, else the committed
 * version (the one with a manifest) that was created last.
 */
public final class DatasetCache {
    private static final int KEEP = 2;

    private final S3Store s3;
    private final Path root;
    private final Map<String, FewShotDataset> loaded = new LinkedHashMap<>(4, 0.75f, true);

    public DatasetCache(S3Store s3, Path root) {
        this.s3 = s3;
        this.root = root;
    }

    public FewShotDataset load(RunSpec spec) {
        String version = spec.hyper(HyperKeys.DATASET_VERSION, (String) null);
        return load(spec.dataset(), version != null ? version : latestVersion(spec.dataset()), spec.split());
    }

    /** Downloads (verified) and decodes one version with one class split, unless it is in memory. */
    public synchronized FewShotDataset load(String name, String version, String split) {
        String id = id(name, version, split);
        FewShotDataset data = loaded.get(id);
        if (data == null) {
            Path folder = new DatasetDownloader(s3).download(name, version, root);
            try {
                data = DatasetReader.read(folder, split);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dataset " + id + " from " + folder, e);
            }
            loaded.put(id, data);
            while (loaded.size() > KEEP) {
                loaded.remove(loaded.keySet().iterator().next());
            }
        }
        return data;
    }

    public synchronized boolean inMemory(String name, String version, String split) {
        return loaded.containsKey(id(name, version, split));
    }

    private static String id(String name, String version, String split) {
        return name + "/" + version + "#" + split;
    }

    /** The committed version of {@code name} created last. */
    public String latestVersion(String name) {
        String prefix = "datasets/" + ObjectKeys.segment("dataset name", name) + "/";
        List<String> manifests = s3.list(prefix).stream()
                .filter(k -> k.endsWith("/" + DatasetManifest.FILE_NAME))
                .filter(k -> k.substring(prefix.length()).split("/").length == 2)
                .filter(k -> !k.substring(prefix.length()).startsWith("."))
                .toList();
        if (manifests.isEmpty()) {
            throw new DatasetMissing("dataset '" + name + "' has no committed version in bucket " + s3.bucket()
                    + " (no " + prefix + "<version>/" + DatasetManifest.FILE_NAME + "); ingest it first");
        }
        if (manifests.size() == 1) {
            return versionOf(manifests.get(0), prefix);
        }
        return manifests.stream()
                .max(Comparator.comparing(this::createdAt))
                .map(k -> versionOf(k, prefix))
                .orElseThrow();
    }

    private String createdAt(String manifestKey) {
        try {
            String c = DatasetManifest.fromJson(s3.getBytesOrNull(manifestKey)).createdAt();
            return c == null ? "" : c;
        } catch (IOException e) {
            return "";
        }
    }

    private static String versionOf(String manifestKey, String prefix) {
        return manifestKey.substring(prefix.length()).split("/")[0];
    }

    /** No committed version of the dataset: not retryable, a person must ingest it first. */
    public static final class DatasetMissing extends RuntimeException {
        public DatasetMissing(String message) {
            super(message);
        }
    }
}
