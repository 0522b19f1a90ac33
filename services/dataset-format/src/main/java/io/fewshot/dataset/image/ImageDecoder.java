package io.fewshot.dataset.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Decodes PNG (own strict decoder) and JPEG (ImageIO) bytes, chosen by content, never by file name. */
public final class ImageDecoder {
    static {
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    public static RasterImage decode(byte[] bytes, String what) throws ImageDecodeException {
        try {
            if (PngDecoder.isPng(bytes)) {
                RasterImage png = PngDecoder.decode(bytes);
                return png != null ? png : viaImageIo(bytes, what);
            }
            if (bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
                // ImageIO fills a truncated JPEG with grey and only warns: demand the end-of-image marker.
                if (!endsWithEoi(bytes)) {
                    throw new ImageDecodeException("JPEG is truncated (no end-of-image marker)");
                }
                return viaImageIo(bytes, what);
            }
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException(what + ": " + e.getMessage(), e);
        }
        throw new ImageDecodeException(what + " is neither a PNG nor a JPEG image");
    }

    private static boolean endsWithEoi(byte[] b) {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        return (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9;
    }

    private static RasterImage viaImageIo(byte[] bytes, String what) throws ImageDecodeException {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(what + " is a corrupt or truncated image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new ImageDecodeException(what + " cannot be decoded as an image");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        byte[] out = new byte[plane * 3];
        for (int i = 0; i < plane; i++) {
            out[i] = (byte) (argb[i] >> 16);
            out[plane + i] = (byte) (argb[i] >> 8);
            out[2 * plane + i] = (byte) argb[i];
        }
        return new RasterImage(w, h, 3, out);
    }
}
