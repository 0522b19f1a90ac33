package io.fewshot.ingest.layout;

import java.util.List;
import java.util.Map;

/**
 * What a layout found: the stored classes in order with their image files, the target image shape and the
 * split schemes (scheme -> pool -> class names, see DatasetManifest for the naming of rotated classes).
 */
public record IngestPlan(String format, int channels, int height, int width, String resampling,
        List<PlannedClass> classes, Map<String, Map<String, List<String>>> splits, String defaultSplit) {

    /** A stored class and its images, in file-name order. */
    public record PlannedClass(String name, List<ImageRef> images) {
    }

    public int totalImages() {
        return classes.stream().mapToInt(c -> c.images().size()).sum();
    }
}
