package io.fewshot.ml.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;

/**
 * Reads Omniglot straight from the two official zips (images_background.zip and
 * images_evaluation.zip) into a {@link FewShotDataset} with the Vinyals split, every rotation a
 * class. A small reader for researchers and tests; the pipeline's path is the ingest service's
 * verified shards.
 *
 * <p>Images are area-averaged from 105x105 to 28x28 (a box filter: each output pixel is the mean
 * of the input area it covers) and inverted so that strokes are bright on a dark background.
 */
public final class OmniglotZips {
    public static final int SIZE = 28;
    private static final String[] ZIPS = {"images_background.zip", "images_evaluation.zip"};

    private OmniglotZips() {
    }

    /**
     * @param dir       folder holding the two zips
     * @param splitDir  folder holding the Vinyals train.txt, val.txt and test.txt
     */
    public static FewShotDataset load(Path dir, Path splitDir) {
        Map<String, List<byte[]>> pngsByCharacter = new TreeMap<>();
        MessageDigest sha = sha256();
        for (String zip : ZIPS) {
            Path file = dir.resolve(zip);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("missing Omniglot archive " + file);
            }
            readPngs(file, pngsByCharacter, sha);
        }
        List<String> characters = new ArrayList<>(pngsByCharacter.keySet());
        byte[][] decoded = new byte[characters.size()][];
        IntStream.range(0, characters.size()).parallel().forEach(i ->
                decoded[i] = decodeCharacter(pngsByCharacter.get(characters.get(i))));
        Map<String, Integer> characterIndex = new LinkedHashMap<>();
        for (int i = 0; i < characters.size(); i++) {
            characterIndex.put(characters.get(i), i);
        }

        List<String> classNames = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        Map<String, int[]> splits = new LinkedHashMap<>();
        for (String pool : List.of("train", "val", "test")) {
            List<String> lines = readLines(splitDir.resolve(pool + ".txt"));
            int[] ids = new int[lines.size()];
            for (int j = 0; j < lines.size(); j++) {
                String line = lines.get(j);
                int slash = line.lastIndexOf('/');
                String character = line.substring(0, slash);
                int degrees = Integer.parseInt(line.substring(slash + 4));
                Integer ci = characterIndex.get(character);
                if (ci == null) {
                    throw new IllegalArgumentException("split " + pool + " names unknown character " + character);
                }
                ids[j] = classNames.size();
                classNames.add(line);
                pixels.add(rotate(decoded[ci], degrees / 90));
            }
            splits.put(pool, ids);
        }
        List<byte[]> trainBlocks = new ArrayList<>();
        for (int c : splits.get("train")) {
            trainBlocks.add(pixels.get(c));
        }
        float[][] stats = FewShotDataset.channelStats(1, SIZE * SIZE, trainBlocks);
        return new FewShotDataset("omniglot", 1, SIZE, SIZE, classNames, pixels, splits, stats[0], stats[1],
                HexFormat.of().formatHex(sha.digest()));
    }

    private static void readPngs(Path zip, Map<String, List<byte[]>> out, MessageDigest sha) {
        try (InputStream raw = Files.newInputStream(zip);
                DigestInputStream digest = new DigestInputStream(raw, sha);
                ZipInputStream in = new ZipInputStream(digest)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".png")) {
                    continue;
                }
                String[] parts = name.split("/");
                if (parts.length != 4) {
                    throw new IllegalArgumentException("unexpected entry " + name + " in " + zip);
                }
                out.computeIfAbsent(parts[1] + "/" + parts[2], k -> new ArrayList<>()).add(in.readAllBytes());
            }
            digest.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + zip, ex);
        }
    }

    private static byte[] decodeCharacter(List<byte[]> pngs) {
        byte[] out = new byte[pngs.size() * SIZE * SIZE];
        for (int i = 0; i < pngs.size(); i++) {
            try {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(pngs.get(i)));
                if (img == null) {
                    throw new IllegalArgumentException("not a PNG image");
                }
                areaResizeInverted(img, out, i * SIZE * SIZE);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    /** Box-filter downsampling to SIZE x SIZE, inverted (ink = 255). */
    static void areaResizeInverted(BufferedImage img, byte[] out, int offset) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[] gray = grayLevels(img);
        double sx = (double) w / SIZE;
        double sy = (double) h / SIZE;
        for (int oy = 0; oy < SIZE; oy++) {
            for (int ox = 0; ox < SIZE; ox++) {
                double sum = 0;
                double area = 0;
                double y0 = oy * sy;
                double y1 = y0 + sy;
                double x0 = ox * sx;
                double x1 = x0 + sx;
                for (int y = (int) y0; y < Math.min(h, Math.ceil(y1)); y++) {
                    double wy = Math.min(y1, y + 1) - Math.max(y0, y);
                    for (int x = (int) x0; x < Math.min(w, Math.ceil(x1)); x++) {
                        double wx = Math.min(x1, x + 1) - Math.max(x0, x);
                        sum += wx * wy * gray[y * w + x];
                        area += wx * wy;
                    }
                }
                double ink = 1.0 - sum / area;
                out[offset + oy * SIZE + ox] = (byte) Math.round(ink * 255);
            }
        }
    }

    /** Gray levels in [0, 1] read from the raster (much faster than getRGB per pixel). */
    private static double[] grayLevels(BufferedImage img) {
        java.awt.image.Raster raster = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        int bands = Math.min(3, raster.getNumBands());
        double[] gray = new double[w * h];
        int[] samples = new int[w * h];
        for (int band = 0; band < bands; band++) {
            double max = (1 << raster.getSampleModel().getSampleSize(band)) - 1;
            raster.getSamples(0, 0, w, h, band, samples);
            for (int i = 0; i < samples.length; i++) {
                gray[i] += samples[i] / max / bands;
            }
        }
        return gray;
    }

    /** Rotates every SIZE x SIZE image in the block by {@code quarterTurns} x 90 degrees counter-clockwise. */
    static byte[] rotate(byte[] block, int quarterTurns) {
        int q = ((quarterTurns % 4) + 4) % 4;
        if (q == 0) {
            return block;
        }
        byte[] out = new byte[block.length];
        int plane = SIZE * SIZE;
        for (int img = 0; img < block.length / plane; img++) {
            int o = img * plane;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int sx = x;
                    int sy = y;
                    for (int r = 0; r < q; r++) {
                        // one CCW turn: destination (x, y) takes source (SIZE-1-y, x)
                        int nx = SIZE - 1 - sy;
                        int ny = sx;
                        sx = nx;
                        sy = ny;
                    }
                    out[o + y * SIZE + x] = block[o + sy * SIZE + sx];
                }
            }
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) {
                    out.add(l.strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read split file " + file, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
