package io.fewshot.support;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.dataset.format.ShardFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small, learnable dataset committed to a bucket the way ingest commits one (shard, then
 * manifest): {@value #CLASSES} classes of {@value #PER_CLASS} grey {@value #SIZE}x{@value #SIZE}
 * images, each class a noisy copy of its own pattern; split "tiny": 12 train, 6 val, 6 test classes.
 * Training on it takes seconds, which is what service tests need.
 */
public final class TinyDataset {
    public static final String NAME = "tiny";
    public static final String VERSION = "v1";
    public static final String SPLIT = "tiny";
    static final int CLASSES = 24;
    static final int PER_CLASS = 10;
    static final int SIZE = 28;

    private TinyDataset() {
    }

    /** Writes the dataset into the store's bucket (creating the bucket); returns the manifest key. */
    public static String commit(S3Store s3) throws IOException {
        return commit(s3, NAME, SPLIT, CLASSES, PER_CLASS);
    }

    /**
     * A dataset of the same kind under another name and split scheme, e.g. a stand-in for Omniglot
     * with enough classes for 20-way episodes: half the classes train, a quarter each val and test.
     */
    public static String commit(S3Store s3, String name, String split, int classCount, int perClass)
            throws IOException {
        s3.ensureBucket();
        SplittableRandom rng = new SplittableRandom(7);
        int plane = SIZE * SIZE;
        ByteArrayOutputStream shard = new ByteArrayOutputStream();
        ShardFormat.writeHeader(shard, 1, SIZE, SIZE, classCount * perClass);
        List<DatasetManifest.ClassEntry> classes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            int[] pattern = new int[plane];
            for (int i = 0; i < plane; i++) {
                pattern[i] = rng.nextInt(256);
            }
            for (int k = 0; k < perClass; k++) {
                for (int i = 0; i < plane; i++) {
                    shard.write(Math.max(0, Math.min(255, pattern[i] + rng.nextInt(61) - 30)));
                }
            }
            String className = "class" + c;
            names.add(className);
            classes.add(new DatasetManifest.ClassEntry(className, perClass, "shards/000.bin", c * perClass));
        }
        byte[] bytes = shard.toByteArray();
        Map<String, List<String>> pools = new LinkedHashMap<>();
        int train = classCount / 2;
        int val = classCount / 4;
        pools.put("train", names.subList(0, train));
        pools.put("val", names.subList(train, train + val));
        pools.put("test", names.subList(train + val, classCount));
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION, name, VERSION, "omniglot",
                "tests", "2026-01-01T00:00:00Z", new DatasetManifest.ImageSpec(1, SIZE, SIZE, "uint8", "CHW", "none"),
                new float[] {0.5f}, new float[] {0.3f}, classCount * perClass, List.of(),
                List.of(new DatasetManifest.ShardEntry("shards/000.bin", sha256(bytes), bytes.length,
                        classCount * perClass)),
                classes, Map.of(split, pools), split);
        s3.putBytes(ObjectKeys.datasetShard(name, VERSION, "000.bin"), bytes, "application/octet-stream");
        String key = ObjectKeys.datasetManifest(name, VERSION);
        s3.putBytes(key, manifest.toJson(), "application/json");
        return key;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
