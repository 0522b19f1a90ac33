package io.fewshot.ingest.layout;

import io.fewshot.ingest.archive.ImageArchive;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official Omniglot layout: {@code images_background/<Alphabet>/characterNN/*.png} and
 * {@code images_evaluation/...}, 20 drawings per character. Each character is stored once, unrotated,
 * as class {@code <Alphabet>/characterNN}, at 1x28x28.
 *
 * <p>Split schemes: "vinyals" (the default; each rotation 0/90/180/270 of a character is its own class,
 * named {@code <Alphabet>/characterNN/rotDDD}, made by the reader) and "lake" (the official division:
 * background characters as pool "train", evaluation characters as pool "test", unrotated).
 */
public final class OmniglotLayout {
    public static final int IMAGES_PER_CLASS = 20;
    private static final Pattern ENTRY =
            Pattern.compile("(images_background|images_evaluation)/([^/]+)/(character\\d+)/[^/]+");
    private static final Pattern ROT = Pattern.compile("(.+)/rot(000|090|180|270)");

    private final Map<String, List<String>> vinyals;

    /** @param vinyals pool -> rotated class names; {@link #officialVinyals()} for the published split */
    public OmniglotLayout(Map<String, List<String>> vinyals) {
        this.vinyals = vinyals;
    }

    /** The Vinyals split committed as resources (see splits/SOURCE.md). */
    public static Map<String, List<String>> officialVinyals() {
        Map<String, List<String>> pools = new LinkedHashMap<>();
        for (String pool : List.of("train", "val", "test")) {
            String resource = "/splits/omniglot/vinyals/" + pool + ".txt";
            try (InputStream in = OmniglotLayout.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                List<String> lines = new ArrayList<>();
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                        .map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
                pools.put(pool, List.copyOf(lines));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pools;
    }

    public IngestPlan plan(List<ImageArchive> archives) {
        Map<String, Map<String, List<ImageRef>>> bySet = new TreeMap<>();
        Map<String, String> seenIn = new LinkedHashMap<>();
        for (int a = 0; a < archives.size(); a++) {
            ImageArchive archive = archives.get(a);
            for (String path : archive.files()) {
                ImageRef ref = new ImageRef(archive, path);
                if (!Layouts.isImageName(path)) {
                    throw Layouts.nonImage(ref);
                }
                Matcher m = ENTRY.matcher(path);
                if (!m.matches()) {
                    throw new IngestException(Code.BAD_LAYOUT, ref + " is not at images_background|images_evaluation"
                            + "/<Alphabet>/characterNN/<file> (the official Omniglot layout)");
                }
                String cls = m.group(2) + "/" + m.group(3);
                String where = "#" + a + " " + archive.name() + ":" + m.group(1);
                String before = seenIn.putIfAbsent(cls, where);
                if (before != null && !before.equals(where)) {
                    throw new IngestException(Code.DUPLICATE_CLASS, "class " + cls + " appears in both " + before
                            + " and " + where);
                }
                bySet.computeIfAbsent(m.group(1), k -> new TreeMap<>()).computeIfAbsent(cls, k -> new ArrayList<>())
                        .add(ref);
            }
        }
        if (!bySet.containsKey("images_background") || !bySet.containsKey("images_evaluation")) {
            throw new IngestException(Code.BAD_LAYOUT, "Omniglot needs both images_background and images_evaluation;"
                    + " found " + bySet.keySet());
        }
        Map<String, List<ImageRef>> all = new LinkedHashMap<>();
        bySet.values().forEach(all::putAll);
        Layouts.checkCounts(all, IMAGES_PER_CLASS);

        List<IngestPlan.PlannedClass> classes = new ArrayList<>();
        all.forEach((name, refs) -> classes.add(new IngestPlan.PlannedClass(name, refs)));
        Map<String, Map<String, List<String>>> splits = new LinkedHashMap<>();
        splits.put("vinyals", checkedVinyals(all.keySet()));
        Map<String, List<String>> lake = new LinkedHashMap<>();
        lake.put("train", List.copyOf(bySet.get("images_background").keySet()));
        lake.put("test", List.copyOf(bySet.get("images_evaluation").keySet()));
        splits.put("lake", lake);
        return new IngestPlan("omniglot", 1, 28, 28,
                "area averaging (box filter) from 105x105; white background = 255, ink = 0", classes, splits,
                "vinyals");
    }

    /** The Vinyals split must cover exactly the characters present, each with its four rotations. */
    private Map<String, List<String>> checkedVinyals(Set<String> stored) {
        Set<String> covered = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> pool : vinyals.entrySet()) {
            for (String name : pool.getValue()) {
                Matcher m = ROT.matcher(name);
                String character = m.matches() ? m.group(1) : name;
                if (!stored.contains(character)) {
                    throw new IngestException(Code.BAD_LAYOUT, "the Vinyals split's " + pool.getKey() + " class "
                            + name + " has no character in the source");
                }
                covered.add(character);
            }
        }
        if (!covered.equals(stored)) {
            Set<String> missing = new LinkedHashSet<>(stored);
            missing.removeAll(covered);
            throw new IngestException(Code.BAD_LAYOUT, missing.size() + " characters are in no Vinyals pool, e.g. "
                    + missing.iterator().next());
        }
        return vinyals;
    }
}
