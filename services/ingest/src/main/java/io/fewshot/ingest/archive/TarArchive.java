package io.fewshot.ingest.archive;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar (optionally gzip-compressed) has no index to vet up front, so it is extracted once, entry by entry
 * and within the limits, into a private temporary folder, then read as a {@link DirectoryArchive}.
 */
public final class TarArchive {
    private TarArchive() {
    }

    public static boolean isTar(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    public static ImageArchive open(Path file, ArchiveLimits limits, Path workDir) throws IOException {
        String name = file.getFileName().toString();
        Path target = Files.createTempDirectory(workDir, "tar-");
        ByteBudget budget = new ByteBudget(name, limits);
        long compressedSize = Files.size(file);
        boolean gzip = !name.toLowerCase(java.util.Locale.ROOT).endsWith(".tar");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                InputStream in = gzip ? new GZIPInputStream(raw, 65536) : raw;
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            int count = 0;
            long total = 0;
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                budget.checkCount(++count);
                String path = EntryNames.check(name, e.getName());
                if (e.isSymbolicLink() || e.isLink()) {
                    throw new IngestException(Code.SYMLINK_ENTRY, name + ": entry '" + e.getName()
                            + "' is a link to '" + e.getLinkName() + "'; links are refused");
                }
                if (e.isDirectory()) {
                    continue;
                }
                if (!e.isFile()) {
                    throw new IngestException(Code.UNSAFE_ENTRY, name + ": entry '" + e.getName()
                            + "' is not a regular file");
                }
                budget.checkDeclared(e.getName(), e.getSize(), -1, total + e.getSize());
                byte[] bytes = budget.readEntry(path, tar, -1);
                total += bytes.length;
                if (gzip && total > 1024 && total > limits.maxRatio() * compressedSize) {
                    throw new IngestException(Code.ARCHIVE_TOO_LARGE, name + ": inflates more than "
                            + limits.maxRatio() + " times its compressed size (zip bomb?)");
                }
                Path out = target.resolve(path).normalize();
                if (!out.startsWith(target)) {
                    throw new IngestException(Code.UNSAFE_ENTRY, name + ": entry '" + e.getName() + "' leaves the archive");
                }
                Files.createDirectories(out.getParent());
                if (Files.exists(out)) {
                    throw new IngestException(Code.UNSAFE_ENTRY, name + ": entry '" + path + "' appears twice");
                }
                Files.write(out, bytes);
            }
            return new DirectoryArchive(target, name, limits, true);
        } catch (RuntimeException | IOException e) {
            DirectoryArchive.deleteTree(target);
            if (e instanceof IOException io && !(e instanceof java.util.zip.ZipException)) {
                throw new IngestException(Code.BAD_LAYOUT, name + " is not a readable tar archive: " + io.getMessage(), io);
            }
            throw e;
        }
    }
}
