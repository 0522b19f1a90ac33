package io.fewshot.dataset.format;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The shard file: a 24-byte header, then raw uint8 pixels, so loading is one plain read.
 *
 * <pre>
 * bytes 0..7   magic "FSBSHRD1"
 * bytes 8..23  channels, height, width, image count (big-endian int32 each)
 * then         count x channels x height x width bytes, each image in CHW order
 * </pre>
 * A shard holds whole classes, one after another; the manifest says which class starts at which image.
 */
public final class ShardFormat {
    public static final byte[] MAGIC = "FSBSHRD1".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_BYTES = 24;

    private ShardFormat() {
    }

    /** A decoded shard: its image shape and all its pixels. */
    public record Shard(int channels, int height, int width, int count, byte[] pixels) {
        public int imageBytes() {
            return channels * height * width;
        }
    }

    public static void writeHeader(OutputStream out, int channels, int height, int width, int count)
            throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeInt(channels);
        data.writeInt(height);
        data.writeInt(width);
        data.writeInt(count);
        data.flush();
    }

    /** Reads a whole shard and fails, naming what is wrong, unless it is complete and exactly as long as declared. */
    public static Shard read(InputStream in, String what) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(what + " is not a shard (bad magic)");
            }
            int channels = data.readInt();
            int height = data.readInt();
            int width = data.readInt();
            int count = data.readInt();
            if (channels <= 0 || height <= 0 || width <= 0 || count < 0) {
                throw new IOException(what + " has an invalid header " + channels + "x" + height + "x" + width
                        + " count " + count);
            }
            long size = (long) channels * height * width * count;
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException(what + " declares " + size + " bytes, more than one array can hold");
            }
            byte[] pixels = new byte[(int) size];
            data.readFully(pixels);
            if (data.read() != -1) {
                throw new IOException(what + " has bytes after its last image");
            }
            return new Shard(channels, height, width, count, pixels);
        } catch (java.io.EOFException e) {
            throw new IOException(what + " is truncated", e);
        }
    }
}
