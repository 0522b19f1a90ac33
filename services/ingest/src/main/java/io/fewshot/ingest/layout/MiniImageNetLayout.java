package io.fewshot.ingest.layout;

import io.fewshot.ingest.archive.ImageArchive;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * miniImageNet in either common layout, stored as 3x84x84 with the "ravi" split scheme:
 * <ul>
 * <li>Ravi &amp; Larochelle: images named {@code <wnid><8 digits>.jpg} in any folder, plus
 * {@code train.csv}, {@code val.csv}, {@code test.csv} ({@code filename,label}) naming every image;</li>
 * <li>folder per class: {@code train|val|test/<wnid>/*.jpg}.</li>
 * </ul>
 * Either may sit under one top folder. Every class must have the same number of images (600 in the real set).
 */
public final class MiniImageNetLayout {
    public static final int IMAGES_PER_CLASS = 600;
    private static final List<String> POOLS = List.of("train", "val", "test");
    private static final Pattern RAVI_NAME = Pattern.compile("(n\\d{8})\\d{8}\\.jpe?g");
    private static final Pattern FOLDER = Pattern.compile("(?:.*/)?(train|val|test)/([^/]+)/[^/]+");

    private final int imagesPerClass;

    public MiniImageNetLayout(int imagesPerClass) {
        this.imagesPerClass = imagesPerClass;
    }

    public IngestPlan plan(List<ImageArchive> archives) throws IOException {
        Map<String, ImageRef> csvs = new LinkedHashMap<>();
        List<ImageRef> images = new ArrayList<>();
        for (ImageArchive archive : archives) {
            for (String path : archive.files()) {
                ImageRef ref = new ImageRef(archive, path);
                String file = Layouts.last(path);
                if (file.equals("train.csv") || file.equals("val.csv") || file.equals("test.csv")) {
                    if (csvs.put(file, ref) != null) {
                        throw new IngestException(Code.BAD_LAYOUT, "the source holds two " + file + " files");
                    }
                } else if (Layouts.isImageName(path)) {
                    images.add(ref);
                } else {
                    throw Layouts.nonImage(ref);
                }
            }
        }
        Map<String, Map<String, List<ImageRef>>> pools = csvs.isEmpty() ? byFolder(images) : byCsv(csvs, images);
        Map<String, List<ImageRef>> all = new LinkedHashMap<>();
        Map<String, List<String>> ravi = new LinkedHashMap<>();
        for (String pool : POOLS) {
            Map<String, List<ImageRef>> classes = pools.getOrDefault(pool, Map.of());
            for (Map.Entry<String, List<ImageRef>> c : classes.entrySet()) {
                if (all.put(c.getKey(), c.getValue()) != null) {
                    throw new IngestException(Code.DUPLICATE_CLASS, "class " + c.getKey()
                            + " appears in more than one split");
                }
            }
            ravi.put(pool, List.copyOf(classes.keySet()));
        }
        if (all.isEmpty()) {
            throw new IngestException(Code.BAD_LAYOUT, "no miniImageNet images found (expected the Ravi layout with"
                    + " train/val/test.csv, or train|val|test/<wnid>/*.jpg)");
        }
        Layouts.checkCounts(all, imagesPerClass);
        List<IngestPlan.PlannedClass> classes = new ArrayList<>();
        all.forEach((name, refs) -> classes.add(new IngestPlan.PlannedClass(name, refs)));
        return new IngestPlan("mini-imagenet", 3, 84, 84,
                "area averaging (box filter) to 84x84, aspect ratio not kept", classes, Map.of("ravi", ravi), "ravi");
    }

    private Map<String, Map<String, List<ImageRef>>> byFolder(List<ImageRef> images) {
        Map<String, Map<String, List<ImageRef>>> pools = new TreeMap<>();
        Map<String, String> poolOf = new LinkedHashMap<>();
        for (ImageRef ref : images) {
            Matcher m = FOLDER.matcher(ref.path());
            if (!m.matches()) {
                throw new IngestException(Code.BAD_LAYOUT, ref + " is not at train|val|test/<class>/<image>, and no"
                        + " train.csv/val.csv/test.csv were found");
            }
            String cls = m.group(2);
            String before = poolOf.putIfAbsent(cls, m.group(1));
            if (before != null && !before.equals(m.group(1))) {
                throw new IngestException(Code.DUPLICATE_CLASS, "class " + cls + " appears in both " + before
                        + " and " + m.group(1));
            }
            pools.computeIfAbsent(m.group(1), k -> new TreeMap<>()).computeIfAbsent(cls, k -> new ArrayList<>())
                    .add(ref);
        }
        return pools;
    }

    private Map<String, Map<String, List<ImageRef>>> byCsv(Map<String, ImageRef> csvs, List<ImageRef> images)
            throws IOException {
        Map<String, ImageRef> byFile = new LinkedHashMap<>();
        for (ImageRef ref : images) {
            if (byFile.put(Layouts.last(ref.path()), ref) != null) {
                throw new IngestException(Code.BAD_LAYOUT, "two images are named " + Layouts.last(ref.path()));
            }
        }
        Map<String, Map<String, List<ImageRef>>> pools = new LinkedHashMap<>();
        Map<String, String> poolOf = new LinkedHashMap<>();
        Set<String> used = new java.util.HashSet<>();
        for (String pool : POOLS) {
            ImageRef csv = csvs.get(pool + ".csv");
            if (csv == null) {
                throw new IngestException(Code.BAD_LAYOUT, "the Ravi layout needs " + pool + ".csv; found "
                        + csvs.keySet());
            }
            Map<String, List<ImageRef>> classes = new TreeMap<>();
            String[] lines = new String(csv.archive().read(csv.path()), StandardCharsets.UTF_8).split("\r?\n");
            if (lines.length == 0 || !lines[0].strip().equals("filename,label")) {
                throw new IngestException(Code.BAD_LAYOUT, csv + " must start with the header filename,label");
            }
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] cols = line.split(",");
                Matcher m = cols.length == 2 ? RAVI_NAME.matcher(cols[0]) : null;
                if (m == null || !m.matches() || !m.group(1).equals(cols[1])) {
                    throw new IngestException(Code.BAD_LAYOUT, csv + " line " + (i + 1) + " '" + line
                            + "' is not <wnid><8 digits>.jpg,<wnid>");
                }
                ImageRef ref = byFile.get(cols[0]);
                if (ref == null) {
                    throw new IngestException(Code.BAD_LAYOUT, csv + " names " + cols[0] + ", which is not in the source");
                }
                if (!used.add(cols[0])) {
                    throw new IngestException(Code.BAD_LAYOUT, cols[0] + " is listed twice in the split files");
                }
                String before = poolOf.putIfAbsent(cols[1], pool);
                if (before != null && !before.equals(pool)) {
                    throw new IngestException(Code.DUPLICATE_CLASS, "class " + cols[1] + " appears in both "
                            + before + ".csv and " + pool + ".csv");
                }
                classes.computeIfAbsent(cols[1], k -> new ArrayList<>()).add(ref);
            }
            pools.put(pool, classes);
        }
        for (String file : byFile.keySet()) {
            if (!used.contains(file)) {
                throw new IngestException(Code.BAD_LAYOUT, byFile.get(file) + " is in no split csv");
            }
        }
        return pools;
    }
}
