package io.fewshot.ingest.archive;


import io.fewshot.contracts.LocalFiles;
import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** A folder used as a source. Symbolic links anywhere below it are refused. */
public final class DirectoryArchive implements ImageArchive {
    private final String name;
    private final Path root;
    private final ByteBudget budget;
    private final boolean deleteOnClose;
    private final List<String> files = new ArrayList<>();

    public DirectoryArchive(Path root, ArchiveLimits limits) throws IOException {
        this(root, root.getFileName() == null ? root.toString() : root.getFileName().toString(), limits, false);
    }

    DirectoryArchive(Path root, String name, ArchiveLimits limits, boolean deleteOnClose) throws IOException {
        this.root = root;
        this.name = name;
        this.budget = new ByteBudget(name, limits);
        this.deleteOnClose = deleteOnClose;
        long declared = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (Files.isSymbolicLink(p)) {
                    throw new IngestException(Code.SYMLINK_ENTRY, name + ": '" + rel
                            + "' is a symbolic link; links are refused");
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IngestException(Code.UNSAFE_ENTRY, name + ": '" + rel + "' is not a regular file");
                }
                budget.checkCount(files.size() + 1);
                long size = Files.size(p);
                declared += size;
                budget.checkDeclared(rel, size, -1, declared);
                files.add(rel);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Collections.sort(files);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> files() {
        return Collections.unmodifiableList(files);
    }

    @Override
    public byte[] read(String path) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
            return budget.readEntry(path, in, -1);
        }
    }

    @Override
    public void close() throws IOException {
        if (deleteOnClose) {
            deleteTree(root);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try {
            LocalFiles.deleteTree(root);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
