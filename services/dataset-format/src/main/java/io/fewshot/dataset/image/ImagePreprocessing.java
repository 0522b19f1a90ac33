package io.fewshot.dataset.image;

/**
 * The one preprocessing that turns an encoded image (PNG or JPEG bytes) into a stored, training-ready image:
 * decode ({@link ImageDecoder}), convert to the dataset's channel count ({@link RasterImage#withChannels}),
 * area-resample to the dataset's size ({@link AreaResampler}). Ingest writes its shards with it, the engine's
 * Omniglot zip reader decodes with it, and a trained model's user prepares new images with it, so a tensor
 * never depends on which entry point produced it.
 *
 * <p>Polarity is the source's: nothing is inverted. Omniglot's PNGs are black ink on white, so a stored
 * Omniglot image has background = 255 and ink = 0 (what every ingested dataset holds; models see it after
 * per-channel standardisation with the dataset's mean and standard deviation).
 *
 * <p>Thread-safe: the resampler's cached weights are immutable and replaced atomically.
 */
public final class ImagePreprocessing {
    /** Omniglot as the paper's baselines use it: gray, 105x105 area-averaged to 28x28. */
    public static final ImagePreprocessing OMNIGLOT = new ImagePreprocessing(1, 28, 28);

    private final int channels;
    private final int height;
    private final int width;
    private final AreaResampler resampler;

    /** @param channels 1 (gray, ITU-R 601 luma from RGB) or 3 (RGB) */
    public ImagePreprocessing(int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, not " + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.resampler = new AreaResampler(width, height);
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

    /** Bytes of one stored image: channels x height x width. */
    public int imageBytes() {
        return channels * height * width;
    }

    /**
     * @param encoded PNG or JPEG bytes (recognised by content)
     * @param what    names the image in errors (a path or an archive entry)
     * @return CHW uint8 pixels, {@link #imageBytes()} long
     */
    public byte[] apply(byte[] encoded, String what) throws ImageDecodeException {
        return resize(ImageDecoder.decode(encoded, what));
    }

    /** The same steps for an image already decoded. */
    public byte[] resize(RasterImage decoded) {
        return resampler.resize(decoded.withChannels(channels));
    }

    @Override
    public String toString() {
        return "decode, " + (channels == 1 ? "gray" : "RGB") + ", area resampling to " + height + "x" + width;
    }
}
