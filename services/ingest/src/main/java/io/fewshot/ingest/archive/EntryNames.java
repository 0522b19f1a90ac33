package io.fewshot.ingest.archive;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;

/** Validates archive entry names: relative, forward slashes, no ".." (zip-slip), no drive letters. */
public final class EntryNames {
    private EntryNames() {
    }

    /** Returns the name without a leading "./" or trailing "/", or throws UNSAFE_ENTRY naming it. */
    public static String check(String archive, String raw) {
        String why = null;
        if (raw.isEmpty() || raw.indexOf('\0') >= 0) {
            why = "is empty or contains NUL";
        } else if (raw.startsWith("/") || raw.startsWith("\\")) {
            why = "is an absolute path";
        } else if (raw.length() > 1 && raw.charAt(1) == ':') {
            why = "starts with a drive letter";
        } else if (raw.indexOf('\\') >= 0) {
            why = "contains a backslash";
        }
        String name = raw.startsWith("./") ? raw.substring(2) : raw;
        if (why == null) {
            for (String part : name.split("/")) {
                if (part.equals("..")) {
                    why = "climbs out of the archive with '..' (zip-slip)";
                    break;
                }
            }
        }
        if (why != null) {
            throw new IngestException(Code.UNSAFE_ENTRY, archive + ": entry '" + raw + "' " + why);
        }
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
