package io.fewshot.ingest.source;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Resolves a source string into local files with their sha256. A source is one or more comma-separated
 * locations, each an http(s) URL or a local path:
 * <ul>
 * <li>a URL ending in "/" is a folder: the format's standard archive names are fetched from it
 * (Omniglot: images_background.zip, images_evaluation.zip);</li>
 * <li>a local folder that holds only archives (.zip, .tar, .tar.gz, .tgz) stands for those archives;
 * any other local folder is itself a source (an unpacked layout).</li>
 * </ul>
 * Downloads stream to a temporary file while hashing, with connect and overall timeouts and a size cap.
 */
public final class SourceFetcher {
    private final Path workDir;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final long maxDownloadBytes;

    public SourceFetcher(Path workDir, Duration connectTimeout, Duration requestTimeout, long maxDownloadBytes) {
        this.workDir = workDir;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxDownloadBytes = maxDownloadBytes;
    }

    /** @param standardNames archive names to fetch from a URL folder (may be empty) */
    public List<FetchedSource> fetch(String source, List<String> standardNames) {
        if (source == null || source.isBlank()) {
            throw new IngestException(Code.BAD_REQUEST, "source is required");
        }
        List<FetchedSource> out = new ArrayList<>();
        for (String raw : source.split(",")) {
            String location = raw.strip();
            String lower = location.toLowerCase(Locale.ROOT);
            if (lower.startsWith("https://") || lower.startsWith("http://")) {
                if (location.endsWith("/")) {
                    if (standardNames.isEmpty()) {
                        throw new IngestException(Code.BAD_REQUEST, location + " is a URL folder, but this format has"
                                + " no standard archive names: give the archive URL");
                    }
                    for (String name : standardNames) {
                        out.add(download(location + name));
                    }
                } else {
                    out.add(download(location));
                }
            } else if (lower.contains("://")) {
                throw new IngestException(Code.BAD_REQUEST, "source " + location + " uses an unsupported scheme"
                        + " (use https://, http:// or a local path)");
            } else {
                out.addAll(local(Path.of(location)));
            }
        }
        return out;
    }

    private List<FetchedSource> local(Path path) {
        try {
            if (Files.isSymbolicLink(path)) {
                throw new IngestException(Code.SYMLINK_ENTRY, "source " + path + " is a symbolic link; links are refused");
            }
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return List.of(localFile(path));
            }
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new IngestException(Code.SOURCE_UNREACHABLE, "source " + path + " does not exist");
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(path)) {
                children = list.sorted().toList();
            }
            boolean onlyArchives = !children.isEmpty() && children.stream().allMatch(p ->
                    Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && isArchiveName(p.getFileName().toString())
                            || isSideFile(p.getFileName().toString()));
            if (onlyArchives) {
                List<FetchedSource> out = new ArrayList<>();
                for (Path p : children) {
                    if (isArchiveName(p.getFileName().toString())) {
                        out.add(localFile(p));
                    }
                }
                return out;
            }
            return List.of(new FetchedSource(path.getFileName().toString(), path.toString(), path,
                    FolderDigest.of(path), FolderDigest.size(path)));
        } catch (IOException e) {
            throw new IngestException(Code.SOURCE_UNREACHABLE, "cannot read source " + path + ": " + e.getMessage(), e);
        }
    }

    /** Licence and provenance notes that may sit beside archives (as in ../shared/datasets/omniglot). */
    private static boolean isSideFile(String name) {
        return name.equals("LICENSE") || name.endsWith(".md") || name.endsWith(".txt");
    }

    public static boolean isArchiveName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".zip") || n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    private FetchedSource localFile(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
        }
        return new FetchedSource(file.getFileName().toString(), file.toString(), file,
                HexFormat.of().formatHex(sha.digest()), Files.size(file));
    }

    private FetchedSource download(String url) {
        URI uri = URI.create(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new IngestException(Code.BAD_REQUEST, "URL " + url + " names no file");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        Path target = null;
        try {
            Files.createDirectories(workDir);
            target = Files.createTempFile(workDir, "download-", "-" + name);
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IngestException(Code.SOURCE_UNREACHABLE, "GET " + url + " answered HTTP "
                            + response.statusCode());
                }
                MessageDigest sha = sha256();
                long total = 0;
                try (OutputStream out = Files.newOutputStream(target)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0;) {
                        total += n;
                        if (total > maxDownloadBytes) {
                            throw new IngestException(Code.ARCHIVE_TOO_LARGE, url + " is larger than the download"
                                    + " limit of " + maxDownloadBytes + " bytes");
                        }
                        sha.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                Path named = Files.createTempDirectory(workDir, "src-").resolve(name);
                Files.move(target, named);
                return new FetchedSource(name, url, named, HexFormat.of().formatHex(sha.digest()), total);
            }
        } catch (IOException e) {
            deleteQuietly(target);
            throw new IngestException(Code.SOURCE_UNREACHABLE, "cannot download " + url + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            deleteQuietly(target);
            Thread.currentThread().interrupt();
            throw new IngestException(Code.SOURCE_UNREACHABLE, "download of " + url + " was interrupted", e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file; the work folder is removed after the job anyway
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
