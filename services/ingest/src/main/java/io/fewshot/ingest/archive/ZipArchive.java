package io.fewshot.ingest.archive;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** A zip read through its central directory: every entry is vetted when the archive is opened. */
public final class ZipArchive implements ImageArchive {
    private final String name;
    private final ZipFile zip;
    private final ByteBudget budget;
    private final Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();

    public ZipArchive(Path file, ArchiveLimits limits) throws IOException {
        this.name = file.getFileName().toString();
        this.budget = new ByteBudget(name, limits);
        try {
            this.zip = ZipFile.builder().setPath(file).get();
        } catch (IOException e) {
            throw new IngestException(Code.BAD_LAYOUT, name + " is not a readable zip archive: " + e.getMessage(), e);
        }
        try {
            vet();
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private void vet() {
        int count = 0;
        long declared = 0;
        for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements();) {
            ZipArchiveEntry entry = e.nextElement();
            budget.checkCount(++count);
            String path = EntryNames.check(name, entry.getName());
            if (entry.isUnixSymlink()) {
                throw new IngestException(Code.SYMLINK_ENTRY, name + ": entry '" + entry.getName()
                        + "' is a symbolic link; links are refused");
            }
            if (entry.isDirectory()) {
                continue;
            }
            declared += Math.max(0, entry.getSize());
            budget.checkDeclared(entry.getName(), entry.getSize(), entry.getCompressedSize(), declared);
            if (entries.put(path, entry) != null) {
                throw new IngestException(Code.UNSAFE_ENTRY, name + ": entry '" + path + "' appears twice");
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> files() {
        List<String> out = new ArrayList<>(entries.keySet());
        Collections.sort(out);
        return out;
    }

    @Override
    public byte[] read(String path) throws IOException {
        ZipArchiveEntry entry = entries.get(path);
        if (entry == null) {
            throw new IOException(name + " has no entry " + path);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return budget.readEntry(path, in, entry.getCompressedSize());
        } catch (IOException e) {
            throw new IngestException(Code.CORRUPT_ARCHIVE, name + ": entry '" + path + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
