package io.fewshot.ingest.source;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sha256 values a user gave: one bare digest (for a source that is one archive) or
 * {@code name=digest} pairs separated by commas (e.g. {@code images_background.zip=7a4c...,images_evaluation.zip=d84a...}).
 */
public final class ExpectedDigests {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private final String single;
    private final Map<String, String> byName;

    private ExpectedDigests(String single, Map<String, String> byName) {
        this.single = single;
        this.byName = byName;
    }

    public static ExpectedDigests parse(String text) {
        if (text == null || text.isBlank()) {
            return new ExpectedDigests(null, Map.of());
        }
        Map<String, String> byName = new LinkedHashMap<>();
        String single = null;
        for (String part : text.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            String digest = (eq < 0 ? p : p.substring(eq + 1)).strip().toLowerCase(Locale.ROOT);
            if (!HEX.matcher(digest).matches()) {
                throw new IngestException(Code.BAD_REQUEST, "sha256 '" + p + "' is not 64 hex digits");
            }
            if (eq < 0) {
                if (single != null || text.contains("=")) {
                    throw new IngestException(Code.BAD_REQUEST,
                            "give one bare sha256, or name=sha256 pairs for several archives");
                }
                single = digest;
            } else {
                byName.put(p.substring(0, eq).strip(), digest);
            }
        }
        return new ExpectedDigests(single, byName);
    }

    /** Fails with SHA256_MISMATCH naming the archive whose digest differs from the one given. */
    public void verify(List<FetchedSource> sources) {
        if (single != null) {
            if (sources.size() != 1) {
                throw new IngestException(Code.BAD_REQUEST, "one sha256 was given but the source has "
                        + sources.size() + " archives; give name=sha256 pairs");
            }
            check(sources.get(0), single);
            return;
        }
        for (Map.Entry<String, String> e : byName.entrySet()) {
            FetchedSource s = sources.stream().filter(f -> f.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IngestException(Code.BAD_REQUEST, "a sha256 was given for "
                            + e.getKey() + ", which is not among the source's archives "
                            + sources.stream().map(FetchedSource::name).toList()));
            check(s, e.getValue());
        }
    }

    private static void check(FetchedSource s, String expected) {
        if (!s.sha256().equals(expected)) {
            throw new IngestException(Code.SHA256_MISMATCH, s.name() + " (" + s.location() + ") has sha256 "
                    + s.sha256() + " but " + expected + " was expected");
        }
    }
}
