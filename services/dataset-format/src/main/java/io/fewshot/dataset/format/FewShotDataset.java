package io.fewshot.dataset.format;

import io.fewshot.dataset.image.ChannelStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole few-shot dataset in memory, as compact uint8 pixels grouped by class.
 *
 * <p>Every class holds {@code count(c)} images of {@code channels x height x width} bytes, stored
 * contiguously in CHW order. A split names the classes of each pool ({@code train}, {@code val},
 * {@code test}) by index. Normalisation statistics are per channel, on the [0, 1] scale. Omniglot
 * at 28x28 is ~25 MB this way, so the whole set stays in memory and episodes are cheap to cut.
 */
public final class FewShotDataset {
    private final String name;
    private final String splitScheme;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;
    private final List<byte[]> pixelsByClass;
    private final Map<String, int[]> splits;
    private final float[] mean;
    private final float[] std;
    private final String sha256;

    /** A dataset made in memory (tests, benchmarks): its pools follow no published split scheme. */
    public FewShotDataset(String name, int channels, int height, int width, List<String> classNames,
            List<byte[]> pixelsByClass, Map<String, int[]> splits, float[] mean, float[] std, String sha256) {
        this(name, null, channels, height, width, classNames, pixelsByClass, splits, mean, std, sha256);
    }

    /**
     * @param splitScheme the split scheme its pools come from ("vinyals", "lake", "ravi"), or null for none;
     *                    a run whose spec names another scheme refuses this dataset ({@link #requireFor})
     * @param sha256      a digest that identifies the data (the manifest's, or the source archives'),
     *                    recorded with every result for provenance
     */
    public FewShotDataset(String name, String splitScheme, int channels, int height, int width,
            List<String> classNames, List<byte[]> pixelsByClass, Map<String, int[]> splits, float[] mean,
            float[] std, String sha256) {
        this.name = Objects.requireNonNull(name);
        this.splitScheme = splitScheme;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
        this.pixelsByClass = List.copyOf(pixelsByClass);
        this.splits = Map.copyOf(new LinkedHashMap<>(splits));
        this.mean = mean.clone();
        this.std = std.clone();
        this.sha256 = Objects.requireNonNull(sha256);
        if (classNames.size() != pixelsByClass.size()) {
            throw new IllegalArgumentException(classNames.size() + " class names but "
                    + pixelsByClass.size() + " pixel blocks");
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("mean/std need one value per channel (" + channels + ")");
        }
        for (int c = 0; c < pixelsByClass.size(); c++) {
            if (pixelsByClass.get(c).length % imageBytes() != 0) {
                throw new IllegalArgumentException("class " + classNames.get(c) + " holds a partial image");
            }
        }
        for (Map.Entry<String, int[]> e : splits.entrySet()) {
            for (int c : e.getValue()) {
                if (c < 0 || c >= classNames.size()) {
                    throw new IllegalArgumentException("split " + e.getKey() + " names class index " + c);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    /** The split scheme the pools come from, or null for a dataset made in memory. */
    public String splitScheme() {
        return splitScheme;
    }

    /**
     * Fails, naming both, unless this dataset is the one a run asks for: same dataset name and split scheme.
     * A dataset made in memory (no scheme) is accepted for any spec: tests and benchmarks use it.
     */
    public void requireFor(String specDataset, String specSplit) {
        if (splitScheme == null) {
            return;
        }
        if (!name.equals(specDataset) || !splitScheme.equals(specSplit)) {
            throw new IllegalArgumentException("the run asks for dataset " + specDataset + " with split "
                    + specSplit + ", but the data loaded is " + name + " with split " + splitScheme);
        }
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public int classCount() {
        return classNames.size();
    }

    public String className(int c) {
        return classNames.get(c);
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Images in class {@code c}. */
    public int count(int c) {
        return pixelsByClass.get(c).length / imageBytes();
    }

    /** The raw CHW bytes of class {@code c}, image after image. Do not modify. */
    public byte[] pixels(int c) {
        return pixelsByClass.get(c);
    }

    public int totalImages() {
        int n = 0;
        for (int c = 0; c < classCount(); c++) {
            n += count(c);
        }
        return n;
    }

    /** Class indices of a split pool; fails with the known names if the pool does not exist. */
    public int[] split(String pool) {
        int[] classes = splits.get(pool);
        if (classes == null) {
            throw new IllegalArgumentException("dataset " + name + " has no split '" + pool + "'; it has "
                    + splits.keySet());
        }
        return classes.clone();
    }

    public Map<String, int[]> splits() {
        return splits;
    }

    /** The same classes and pixels with other pools, named by {@code scheme} (see {@link SplitSchemes}). */
    FewShotDataset withPools(String scheme, Map<String, int[]> pools) {
        return new FewShotDataset(name, scheme, channels, height, width, classNames, pixelsByClass, pools, mean, std,
                sha256);
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /**
     * One stored image (the bytes of {@code px} from {@code from}) to floats in {@code out} from {@code to},
     * standardised per channel with this dataset's statistics: the engine's per-image hot loop, without copies.
     */
    public void standardise(byte[] px, int from, float[] out, int to) {
        int bytes = imageBytes();
        int plane = height() * width();
        for (int i = 0; i < bytes; i++) {
            int ch = i / plane;
            out[to + i] = ((px[from + i] & 0xFF) / 255f - mean[ch]) / std[ch];
        }
    }

    public String sha256() {
        return sha256;
    }

    /** Per-channel mean and standard deviation over the given classes, on the [0, 1] scale. */
    public static float[][] channelStats(int channels, int imageBytes, List<byte[]> blocks) {
        ChannelStats stats = new ChannelStats(channels, imageBytes);
        blocks.forEach(stats::add);
        return new float[][] {stats.mean(), stats.std()};
    }

    @Override
    public String toString() {
        return name + (splitScheme == null ? "" : "/" + splitScheme) + "[" + classCount() + " classes, " + totalImages() + " images, " + channels + "x" + height
                + "x" + width + ", splits " + splitSizes() + "]";
    }

    private List<String> splitSizes() {
        List<String> out = new ArrayList<>();
        splits.forEach((k, v) -> out.add(k + "=" + v.length));
        return out;
    }
}
