package io.fewshot.ingest.core;

import io.fewshot.ingest.archive.ImageArchive;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.ingest.layout.IngestPlan;
import io.fewshot.ingest.layout.MiniImageNetLayout;
import io.fewshot.ingest.layout.OmniglotLayout;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** The source formats ingest understands, with their standard archive names and image counts. */
public enum DatasetFormat {
    OMNIGLOT("omniglot", List.of("images_background.zip", "images_evaluation.zip"), OmniglotLayout.IMAGES_PER_CLASS),
    MINI_IMAGENET("mini-imagenet", List.of(), MiniImageNetLayout.IMAGES_PER_CLASS);

    private final String id;
    private final List<String> standardArchives;
    private final int imagesPerClass;

    DatasetFormat(String id, List<String> standardArchives, int imagesPerClass) {
        this.id = id;
        this.standardArchives = standardArchives;
        this.imagesPerClass = imagesPerClass;
    }

    public String id() {
        return id;
    }

    public List<String> standardArchives() {
        return standardArchives;
    }

    /** The format named, or the one the dataset name starts with. */
    public static DatasetFormat of(String format, String datasetName) {
        String key = (format == null || format.isBlank() ? datasetName : format).toLowerCase(Locale.ROOT)
                .replace("_", "-");
        if (key.startsWith("omniglot")) {
            return OMNIGLOT;
        }
        if (key.startsWith("mini-imagenet") || key.startsWith("miniimagenet")) {
            return MINI_IMAGENET;
        }
        throw new IngestException(Code.BAD_REQUEST, "unknown format '" + key + "'; use omniglot or mini-imagenet"
                + " (or a dataset name starting with one)");
    }

    public int imagesPerClass(Integer requested) {
        if (requested == null) {
            return imagesPerClass;
        }
        if (requested <= 0) {
            throw new IngestException(Code.BAD_REQUEST, "imagesPerClass must be positive, was " + requested);
        }
        if (this == OMNIGLOT && requested != imagesPerClass) {
            throw new IngestException(Code.BAD_REQUEST, "Omniglot always has " + imagesPerClass + " images per class");
        }
        return requested;
    }

    public IngestPlan plan(List<ImageArchive> archives, int imagesPerClass) throws IOException {
        return switch (this) {
            case OMNIGLOT -> new OmniglotLayout(OmniglotLayout.officialVinyals()).plan(archives);
            case MINI_IMAGENET -> new MiniImageNetLayout(imagesPerClass).plan(archives);
        };
    }
}
