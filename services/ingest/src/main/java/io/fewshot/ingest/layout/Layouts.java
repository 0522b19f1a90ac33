package io.fewshot.ingest.layout;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks shared by the layouts. */
final class Layouts {
    private Layouts() {
    }

    static boolean isImageName(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".png") || p.endsWith(".jpg") || p.endsWith(".jpeg");
    }

    static IngestException nonImage(ImageRef ref) {
        return new IngestException(Code.NON_IMAGE_ENTRY, ref + " is not an image (expected .png, .jpg or .jpeg)");
    }

    static void checkCounts(Map<String, List<ImageRef>> classes, int expected) {
        for (Map.Entry<String, List<ImageRef>> c : classes.entrySet()) {
            if (c.getValue().size() != expected) {
                throw new IngestException(Code.WRONG_IMAGE_COUNT, "class " + c.getKey() + " has "
                        + c.getValue().size() + " images; every class must have " + expected);
            }
        }
    }

    static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
