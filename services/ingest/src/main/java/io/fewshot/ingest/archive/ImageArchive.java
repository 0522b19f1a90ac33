package io.fewshot.ingest.archive;

import java.io.IOException;
import java.util.List;

/** The files of one source (a zip, a tar or a folder), read safely within {@link ArchiveLimits}. */
public interface ImageArchive extends AutoCloseable {
    /** The source's name as shown in errors, e.g. "images_background.zip". */
    String name();

    /** Relative file paths with '/' separators, sorted; directories are not listed. */
    List<String> files();

    /** The whole content of one listed file. Safe to call from several threads. */
    byte[] read(String path) throws IOException;

    @Override
    void close() throws IOException;
}
