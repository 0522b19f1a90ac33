package io.fewshot.cli;

import java.util.Locale;

/** The renderings of a sweep table that the registry serves and fsb prints. */
public enum TableFormat {
    MD("text/markdown"),
    CSV("text/csv"),
    JSON("application/json");

    private final String mediaType;

    TableFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mediaType() {
        return mediaType;
    }
}
