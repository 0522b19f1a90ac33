package io.fewshot.dataset.image;

/** A decoded image as uint8 planes in CHW order: 1 channel (gray) or 3 (RGB). */
public record RasterImage(int width, int height, int channels, byte[] data) {
    public RasterImage {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        if (data.length != width * height * channels) {
            throw new IllegalArgumentException("pixel data does not match " + channels + "x" + height + "x" + width);
        }
    }

    /** The same image with {@code target} channels: RGB to gray by ITU-R 601 luma (as PIL's "L"), gray to RGB by copying. */
    public RasterImage withChannels(int target) {
        if (target == channels) {
            return this;
        }
        int plane = width * height;
        if (target == 3) {
            byte[] out = new byte[plane * 3];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(data, 0, out, c * plane, plane);
            }
            return new RasterImage(width, height, 3, out);
        }
        byte[] out = new byte[plane];
        for (int i = 0; i < plane; i++) {
            int r = data[i] & 0xFF;
            int g = data[plane + i] & 0xFF;
            int b = data[2 * plane + i] & 0xFF;
            out[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
        }
        return new RasterImage(width, height, 1, out);
    }
}
