package io.fewshot.dataset.image;

/**
 * Resizes by area averaging (a box filter): each output pixel is the mean of the source area it covers,
 * fractional pixels weighted by their covered fraction. This is the exact anti-aliased downscale
 * (105x105 -> 28x28 averages 3.75x3.75 source pixels per output pixel); for an equal size it is the
 * identity, and when enlarging it reduces to nearest-neighbour. The aspect ratio is not kept: the image is
 * stretched to the target, as the usual miniImageNet preparation does. Values round half up to uint8.
 */
public final class AreaResampler {
    private final int targetWidth;
    private final int targetHeight;
    /** Weights for the last source size seen; most datasets have one source size. */
    private volatile Weights[] cached = new Weights[0];

    public AreaResampler(int targetWidth, int targetHeight) {
        this.targetWidth = targetWidth;
        this.targetHeight = targetHeight;
    }

    /** Returns the image's planes resized to the target, CHW uint8. */
    public byte[] resize(RasterImage img) {
        int sw = img.width();
        int sh = img.height();
        Weights[] both = cached;
        if (both.length == 0 || both[0].source() != sw || both[1].source() != sh) {
            both = new Weights[] {Weights.of(sw, targetWidth), Weights.of(sh, targetHeight)};
            cached = both;
        }
        Weights wx = both[0];
        Weights wy = both[1];
        byte[] data = img.data();
        byte[] out = new byte[img.channels() * targetWidth * targetHeight];
        double[] rows = new double[sh * targetWidth];
        for (int c = 0; c < img.channels(); c++) {
            int base = c * sw * sh;
            for (int y = 0; y < sh; y++) {
                int src = base + y * sw;
                for (int x = 0; x < targetWidth; x++) {
                    double v = 0;
                    double[] w = wx.weight[x];
                    int start = wx.start[x];
                    for (int k = 0; k < w.length; k++) {
                        v += (data[src + start + k] & 0xFF) * w[k];
                    }
                    rows[y * targetWidth + x] = v;
                }
            }
            int outBase = c * targetWidth * targetHeight;
            for (int y = 0; y < targetHeight; y++) {
                double[] w = wy.weight[y];
                int start = wy.start[y];
                for (int x = 0; x < targetWidth; x++) {
                    double v = 0;
                    for (int k = 0; k < w.length; k++) {
                        v += rows[(start + k) * targetWidth + x] * w[k];
                    }
                    out[outBase + y * targetWidth + x] = (byte) Math.min(255, (int) (v + 0.5));
                }
            }
        }
        return out;
    }

    /** For each output index, the source range it covers and each source pixel's share (summing to 1). */
    private record Weights(int source, int[] start, int[] end, double[][] weight) {
        static Weights of(int source, int target) {
            double scale = (double) source / target;
            int[] start = new int[target];
            int[] end = new int[target];
            double[][] weight = new double[target][];
            for (int o = 0; o < target; o++) {
                double lo = o * scale;
                double hi = (o + 1) * scale;
                start[o] = (int) Math.floor(lo);
                end[o] = Math.min(source, (int) Math.ceil(hi - 1e-9));
                weight[o] = new double[end[o] - start[o]];
                for (int s = start[o]; s < end[o]; s++) {
                    double covered = Math.min(hi, s + 1) - Math.max(lo, s);
                    weight[o][s - start[o]] = covered / scale;
                }
            }
            return new Weights(source, start, end, weight);
        }
    }
}
