package io.fewshot.dataset.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The fast PNG decoder gives exactly ImageIO's pixels, and refuses what ImageIO would half-read. */
class ImageDecoderTest {
    /** Gray (or RGB) planes as ImageIO sees the image, via getRGB (sRGB). */
    private static RasterImage viaImageIo(byte[] bytes, int channels) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                out[y * w + x] = (byte) (rgb >> 16);
                out[w * h + y * w + x] = (byte) (rgb >> 8);
                out[2 * w * h + y * w + x] = (byte) rgb;
            }
        }
        return new RasterImage(w, h, 3, out).withChannels(channels);
    }

    @Test
    void omniglotPngsDecodeExactlyAsImageIoDoes() throws Exception {
        try (ZipFile zip = new ZipFile(SharedOmniglot.zip("images_evaluation.zip").toFile())) {
            int checked = 0;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements() && checked < 400;) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] png = zip.getInputStream(entry).readAllBytes();
                RasterImage ours = ImageDecoder.decode(png, entry.getName());
                assertEquals(105, ours.width());
                assertEquals(1, ours.channels());
                assertArrayEquals(viaImageIo(png, 1).data(), ours.data(), entry.getName());
                checked++;
            }
            assertEquals(400, checked);
        }
    }

    @Test
    void pngsOfEveryCommonTypeDecodeAsImageIoDoes() throws Exception {
        Random random = new Random(7);
        int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_USHORT_GRAY};
        for (int type : types) {
            BufferedImage img = new BufferedImage(37, 23, type);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    img.setRGB(x, y, 0xFF000000 | random.nextInt(1 << 24));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            byte[] png = out.toByteArray();
            int channels = type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_BYTE_BINARY
                    || type == BufferedImage.TYPE_USHORT_GRAY ? 1 : 3;
            RasterImage ours = ImageDecoder.decode(png, "type " + type);
            assertEquals(channels, ours.channels(), "type " + type);
            if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
                // getRGB passes gray through a linear-to-sRGB conversion; the stored samples are what PIL's
                // "L" mode gives, and what we keep (16-bit: the high byte)
                int[] samples = ImageIO.read(new ByteArrayInputStream(png)).getRaster()
                        .getSamples(0, 0, 37, 23, 0, (int[]) null);
                int shift = type == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
                for (int i = 0; i < samples.length; i++) {
                    assertEquals(samples[i] >> shift, ours.data()[i] & 0xFF, "type " + type + " pixel " + i);
                }
                continue;
            }
            assertArrayEquals(viaImageIo(png, channels).data(), ours.data(), "type " + type);
        }
    }

    @Test
    void truncatedOrCorruptPngsAreRefused() throws Exception {
        byte[] png = SharedOmniglot.firstPng("images_evaluation.zip");
        ImageDecodeException truncated = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode(Arrays.copyOf(png, png.length - 20), "t.png"));
        assertTrue(truncated.getMessage().contains("t.png"), truncated.getMessage());
        byte[] corrupt = png.clone();
        corrupt[60] ^= 0x10;
        ImageDecodeException bad = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(corrupt, "c.png"));
        assertTrue(bad.getMessage().contains("CRC"), bad.getMessage());
    }

    @Test
    void bytesThatAreNoImageAreRefused() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode("just text".getBytes(), "x.png"));
        assertTrue(e.getMessage().contains("neither a PNG nor a JPEG"), e.getMessage());
    }
}
