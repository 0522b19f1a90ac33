package io.fewshot.dataset.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link FewShotDataset} from a folder holding manifest.json and its shards (as ingest wrote them;
 * the trainer downloads them from object storage first). Every shard's sha256 is checked against the manifest.
 *
 * <p>The dataset's classes are those of one split scheme: its pools become the dataset's splits
 * ("train", "val", "test"). Omniglot schemes: "vinyals" (default; 4,112/688/1,692 rotated classes) and
 * "lake" (the official background set as "train", evaluation as "test", unrotated, no "val").
 * miniImageNet: "ravi". Each scheme with a "val" pool also as {@code <scheme>-trainval} ({@link SplitSchemes}).
 */
public final class DatasetReader {
    private static final Pattern ROTATED = Pattern.compile("(.+)/rot(000|090|180|270)");
    private static final List<String> POOL_ORDER = List.of("train", "val", "test");

    private DatasetReader() {
    }

    public static FewShotDataset read(Path folder) throws IOException {
        return read(folder, null);
    }

    /**
     * @param scheme a split scheme named in the manifest, one made from it ({@link SplitSchemes}: e.g.
     *               "vinyals-trainval"), or null for the manifest's default
     */
    public static FewShotDataset read(Path folder, String scheme) throws IOException {
        byte[] manifestBytes = Files.readAllBytes(folder.resolve(DatasetManifest.FILE_NAME));
        DatasetManifest m = DatasetManifest.fromJson(manifestBytes);
        String requested = scheme == null ? m.defaultSplit() : scheme;
        String chosen = SplitSchemes.base(requested);
        Map<String, List<String>> pools = m.splits().get(chosen);
        if (pools == null) {
            throw new IllegalArgumentException("dataset " + m.id() + " has no split scheme '" + requested
                    + "'; it has " + m.splits().keySet() + " (and each as <scheme>" + SplitSchemes.TRAINVAL_SUFFIX
                    + " where it has a val pool)");
        }
        Map<String, byte[]> stored = storedClasses(folder, m);
        int channels = m.image().channels();
        int height = m.image().height();

        List<String> names = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, int[]> splits = new LinkedHashMap<>();
        for (String pool : orderedPools(pools)) {
            List<String> members = pools.get(pool);
            int[] ids = new int[members.size()];
            for (int i = 0; i < ids.length; i++) {
                String name = members.get(i);
                Integer id = index.get(name);
                if (id == null) {
                    id = names.size();
                    index.put(name, id);
                    names.add(name);
                    blocks.add(resolve(name, stored, channels, height, m));
                }
                ids[i] = id;
            }
            splits.put(pool, ids);
        }
        return SplitSchemes.derive(new FewShotDataset(m.name(), chosen, channels, height, m.image().width(), names,
                blocks, splits, m.mean(), m.std(), sha256Hex(manifestBytes)), requested);
    }

    private static List<String> orderedPools(Map<String, List<String>> pools) {
        List<String> out = new ArrayList<>();
        for (String p : POOL_ORDER) {
            if (pools.containsKey(p)) {
                out.add(p);
            }
        }
        for (String p : new TreeSet<>(pools.keySet())) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static byte[] resolve(String name, Map<String, byte[]> stored, int channels, int size,
            DatasetManifest m) {
        byte[] block = stored.get(name);
        if (block != null) {
            return block;
        }
        Matcher r = ROTATED.matcher(name);
        if (r.matches() && stored.containsKey(r.group(1))) {
            if (m.image().height() != m.image().width()) {
                throw new IllegalArgumentException("split class " + name + " asks for a rotation of non-square images");
            }
            return Rotation.rotateBlock(stored.get(r.group(1)), channels, size, Integer.parseInt(r.group(2)));
        }
        throw new IllegalArgumentException("split class " + name + " is not a stored class of " + m.id());
    }

    /** Every stored class's pixels, sliced from its verified shard. */
    private static Map<String, byte[]> storedClasses(Path folder, DatasetManifest m) throws IOException {
        Map<String, ShardFormat.Shard> shards = new LinkedHashMap<>();
        for (DatasetManifest.ShardEntry entry : m.shards()) {
            byte[] bytes = Files.readAllBytes(safeResolve(folder, entry.path()));
            String actual = sha256Hex(bytes);
            if (!actual.equals(entry.sha256())) {
                throw new IOException("shard " + entry.path() + " has sha256 " + actual + ", manifest says "
                        + entry.sha256());
            }
            ShardFormat.Shard shard = ShardFormat.read(new java.io.ByteArrayInputStream(bytes), entry.path());
            DatasetManifest.ImageSpec spec = m.image();
            if (shard.channels() != spec.channels() || shard.height() != spec.height()
                    || shard.width() != spec.width() || shard.count() != entry.images()) {
                throw new IOException("shard " + entry.path() + " does not match the manifest's image shape or count");
            }
            shards.put(entry.path(), shard);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (DatasetManifest.ClassEntry c : m.classes()) {
            ShardFormat.Shard shard = shards.get(c.shard());
            if (shard == null) {
                throw new IOException("class " + c.name() + " names unknown shard " + c.shard());
            }
            if (c.offset() < 0 || c.images() <= 0 || c.offset() + c.images() > shard.count()) {
                throw new IOException("class " + c.name() + " lies outside shard " + c.shard());
            }
            int ib = shard.imageBytes();
            byte[] block = new byte[c.images() * ib];
            System.arraycopy(shard.pixels(), c.offset() * ib, block, 0, block.length);
            if (out.put(c.name(), block) != null) {
                throw new IOException("class " + c.name() + " appears twice in the manifest");
            }
        }
        return out;
    }

    private static Path safeResolve(Path folder, String relative) throws IOException {
        Path p = folder.resolve(relative).normalize();
        if (!p.startsWith(folder.normalize())) {
            throw new IOException("manifest path " + relative + " leaves the dataset folder");
        }
        return p;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
