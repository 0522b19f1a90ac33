package io.fewshot.dataset.format;

import io.fewshot.dataset.image.ImageDecodeException;
import io.fewshot.dataset.image.ImagePreprocessing;
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

/**
 * Reads Omniglot straight from the two official zips (images_background.zip and images_evaluation.zip) into a
 * {@link FewShotDataset}. A small reader for researchers and tests; the pipeline's path is the ingest service's
 * verified shards, and both give the same pixels and the same normalisation: every image goes through
 * {@link ImagePreprocessing#OMNIGLOT} (white background = 255, ink = 0, area-averaged from 105x105 to 28x28)
 * and the per-channel statistics are taken over every stored (unrotated) image, as ingest takes them.
 *
 * <p>Split schemes, named as in an ingested manifest: "vinyals" (train/val/test from the split folder's
 * {@code train.txt}, {@code val.txt}, {@code test.txt}; each rotation of a character is a class
 * {@code <Alphabet>/characterNN/rotDDD}) and "lake" (the official division: the background set's characters
 * as "train", the evaluation set's as "test", unrotated, no "val"), and "vinyals-trainval" (Vinyals' train and
 * val pools as "train", its test pool as "test", no "val").
 */
public final class OmniglotZips {
    public static final int SIZE = 28;
    public static final List<String> SCHEMES = List.of("vinyals", "lake", "vinyals-trainval");
    private static final String BACKGROUND = "images_background.zip";
    private static final String EVALUATION = "images_evaluation.zip";

    private OmniglotZips() {
    }

    /** The Vinyals split; kept for callers that know no other. */
    public static FewShotDataset load(Path dir, Path splitDir) {
        return load(dir, "vinyals", splitDir);
    }

    /**
     * @param dir      folder holding the two zips
     * @param scheme   "vinyals", "lake" or "vinyals-trainval" ({@link SplitSchemes})
     * @param splitDir folder holding the Vinyals train.txt, val.txt and test.txt (unused by "lake")
     */
    public static FewShotDataset load(Path dir, String scheme, Path splitDir) {
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("Omniglot has no split '" + scheme + "'; use one of " + SCHEMES);
        }
        return SplitSchemes.derive(loadStored(dir, SplitSchemes.base(scheme), splitDir), scheme);
    }

    private static FewShotDataset loadStored(Path dir, String scheme, Path splitDir) {
        MessageDigest sha = sha256();
        Map<String, List<byte[]>> background = readPngs(dir.resolve(BACKGROUND), sha);
        Map<String, List<byte[]>> evaluation = readPngs(dir.resolve(EVALUATION), sha);
        Map<String, List<byte[]>> pngsByCharacter = new TreeMap<>(background);
        for (String character : evaluation.keySet()) {
            if (pngsByCharacter.containsKey(character)) {
                throw new IllegalArgumentException("character " + character + " is in both " + BACKGROUND + " and "
                        + EVALUATION);
            }
        }
        pngsByCharacter.putAll(evaluation);
        List<String> characters = new ArrayList<>(pngsByCharacter.keySet());
        byte[][] decoded = new byte[characters.size()][];
        IntStream.range(0, characters.size()).parallel().forEach(i ->
                decoded[i] = decodeCharacter(characters.get(i), pngsByCharacter.get(characters.get(i))));
        Map<String, byte[]> pixelsByCharacter = new LinkedHashMap<>();
        for (int i = 0; i < characters.size(); i++) {
            pixelsByCharacter.put(characters.get(i), decoded[i]);
        }

        Map<String, List<String>> pools = new LinkedHashMap<>();
        if (scheme.equals("lake")) {
            pools.put("train", List.copyOf(background.keySet()));
            pools.put("test", List.copyOf(evaluation.keySet()));
        } else {
            for (String pool : List.of("train", "val", "test")) {
                pools.put(pool, readLines(splitDir.resolve(pool + ".txt")));
            }
        }
        List<String> classNames = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        Map<String, int[]> splits = new LinkedHashMap<>();
        pools.forEach((pool, members) -> {
            int[] ids = new int[members.size()];
            for (int j = 0; j < members.size(); j++) {
                ids[j] = classNames.size();
                classNames.add(members.get(j));
                pixels.add(classPixels(members.get(j), pool, pixelsByCharacter));
            }
            splits.put(pool, ids);
        });
        float[][] stats = FewShotDataset.channelStats(1, SIZE * SIZE, List.of(decoded));
        return new FewShotDataset("omniglot", scheme, 1, SIZE, SIZE, classNames, pixels, splits, stats[0], stats[1],
                HexFormat.of().formatHex(sha.digest()));
    }

    /** A split class: a character ({@code Alphabet/characterNN}) or one of its rotations ({@code .../rotDDD}). */
    private static byte[] classPixels(String name, String pool, Map<String, byte[]> pixelsByCharacter) {
        byte[] plain = pixelsByCharacter.get(name);
        if (plain != null) {
            return plain;
        }
        int slash = name.lastIndexOf('/');
        String character = slash < 0 ? name : name.substring(0, slash);
        byte[] block = pixelsByCharacter.get(character);
        if (block == null || !name.substring(slash + 1).matches("rot(000|090|180|270)")) {
            throw new IllegalArgumentException("split pool " + pool + " names " + name
                    + ", which is neither a character of the zips nor one of its rotations (rot000..rot270)");
        }
        return Rotation.rotateBlock(block, 1, SIZE, Integer.parseInt(name.substring(slash + 4)));
    }

    /** Character ({@code Alphabet/characterNN}) to its PNGs, in entry order. */
    private static Map<String, List<byte[]>> readPngs(Path zip, MessageDigest sha) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException("missing Omniglot archive " + zip);
        }
        Map<String, List<byte[]>> out = new TreeMap<>();
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
        return out;
    }

    private static byte[] decodeCharacter(String character, List<byte[]> pngs) {
        ImagePreprocessing p = ImagePreprocessing.OMNIGLOT;
        byte[] out = new byte[pngs.size() * p.imageBytes()];
        for (int i = 0; i < pngs.size(); i++) {
            try {
                System.arraycopy(p.apply(pngs.get(i), character + " #" + i), 0, out, i * p.imageBytes(),
                        p.imageBytes());
            } catch (ImageDecodeException ex) {
                throw new IllegalArgumentException(ex.getMessage(), ex);
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
