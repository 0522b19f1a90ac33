package io.fewshot.ingest.layout;

import io.fewshot.ingest.archive.ImageArchive;

/** One image file inside one source. */
public record ImageRef(ImageArchive archive, String path) {
    @Override
    public String toString() {
        return archive.name() + ":" + path;
    }
}
