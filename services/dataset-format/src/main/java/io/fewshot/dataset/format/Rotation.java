package io.fewshot.dataset.format;

/** Exact rotations of square CHW uint8 images by multiples of 90 degrees, counter-clockwise (as PIL's rotate). */
public final class Rotation {
    private Rotation() {
    }

    /**
     * Rotates every image of a block of {@code channels x size x size} images.
     *
     * @param degrees 0, 90, 180 or 270, counter-clockwise
     */
    public static byte[] rotateBlock(byte[] block, int channels, int size, int degrees) {
        if (degrees == 0) {
            return block.clone();
        }
        if (degrees != 90 && degrees != 180 && degrees != 270) {
            throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270 degrees, not " + degrees);
        }
        int plane = size * size;
        if (block.length % (plane * channels) != 0) {
            throw new IllegalArgumentException("block is not a whole number of images");
        }
        byte[] out = new byte[block.length];
        for (int base = 0; base < block.length; base += plane) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sy;
                    int sx;
                    if (degrees == 90) {
                        sy = x;
                        sx = size - 1 - y;
                    } else if (degrees == 180) {
                        sy = size - 1 - y;
                        sx = size - 1 - x;
                    } else {
                        sy = size - 1 - x;
                        sx = y;
                    }
                    out[base + y * size + x] = block[base + sy * size + sx];
                }
            }
        }
        return out;
    }
}
