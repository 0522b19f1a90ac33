package io.fewshot.dataset.image;

/**
 * Per-channel mean and standard deviation of stored uint8 images on the [0, 1] scale: what a dataset's
 * manifest records and what the engine standardises with. Exact integer sums, so the result does not depend on
 * the order in which images are added (ingest adds them shard by shard, the zip reader character by character).
 */
public final class ChannelStats {
    private final int channels;
    private final int imageBytes;
    private final long[] sum;
    private final long[] sumSq;
    private long images;

    public ChannelStats(int channels, int imageBytes) {
        if (channels < 1 || imageBytes % channels != 0) {
            throw new IllegalArgumentException(imageBytes + " bytes are not " + channels + " whole planes");
        }
        this.channels = channels;
        this.imageBytes = imageBytes;
        this.sum = new long[channels];
        this.sumSq = new long[channels];
    }

    /** Adds whole CHW images, one after another. */
    public ChannelStats add(byte[] pixels) {
        if (pixels.length % imageBytes != 0) {
            throw new IllegalArgumentException("pixels hold a partial image");
        }
        int plane = imageBytes / channels;
        for (int i = 0; i < pixels.length; i++) {
            int v = pixels[i] & 0xFF;
            int c = (i % imageBytes) / plane;
            sum[c] += v;
            sumSq[c] += v * v;
        }
        images += pixels.length / imageBytes;
        return this;
    }

    public long images() {
        return images;
    }

    public float[] mean() {
        float[] mean = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) channelMean(c);
        }
        return mean;
    }

    /** Population standard deviation, floored at 1e-6 so that a constant channel cannot divide by zero. */
    public float[] std() {
        float[] std = new float[channels];
        long n = perChannel();
        for (int c = 0; c < channels; c++) {
            double m = channelMean(c);
            double var = n == 0 ? 1 : sumSq[c] / (255.0 * 255.0 * n) - m * m;
            std[c] = (float) Math.sqrt(Math.max(1e-12, var));
        }
        return std;
    }

    private double channelMean(int c) {
        long n = perChannel();
        return n == 0 ? 0 : sum[c] / (255.0 * n);
    }

    private long perChannel() {
        return images * (imageBytes / channels);
    }
}
