package io.fewshot.ml.data;

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
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;
    private final List<byte[]> pixelsByClass;
    private final Map<String, int[]> splits;
    private final float[] mean;
    private final float[] std;
    private final String sha256;

    /**
     * @param sha256 a digest that identifies the data (the manifest's, or the source archives'),
     *               recorded with every result for provenance
     */
    public FewShotDataset(String name, int channels, int height, int width, List<String> classNames,
            List<byte[]> pixelsByClass, Map<String, int[]> splits, float[] mean, float[] std, String sha256) {
        this.name = Objects.requireNonNull(name);
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

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    public String sha256() {
        return sha256;
    }

    /** Per-channel mean and standard deviation over the given classes, on the [0, 1] scale. */
    public static float[][] channelStats(int channels, int imageBytes, List<byte[]> blocks) {
        int plane = imageBytes / channels;
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        long[] n = new long[channels];
        for (byte[] block : blocks) {
            for (int i = 0; i < block.length; i++) {
                int ch = (i % imageBytes) / plane;
                double v = (block[i] & 0xFF) / 255.0;
                sum[ch] += v;
                sumSq[ch] += v * v;
                n[ch]++;
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            double m = n[ch] == 0 ? 0 : sum[ch] / n[ch];
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(1e-12, n[ch] == 0 ? 1 : sumSq[ch] / n[ch] - m * m));
        }
        return new float[][] {mean, std};
    }

    @Override
    public String toString() {
        return name + "[" + classCount() + " classes, " + totalImages() + " images, " + channels + "x" + height
                + "x" + width + ", splits " + splitSizes() + "]";
    }

    private List<String> splitSizes() {
        List<String> out = new ArrayList<>();
        splits.forEach((k, v) -> out.add(k + "=" + v.length));
        return out;
    }
}
