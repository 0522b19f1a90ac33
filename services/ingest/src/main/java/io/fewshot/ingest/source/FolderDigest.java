package io.fewshot.ingest.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The digest of a folder source: sha256 over its sorted "sha256  relative/path\n" lines (sha256sum style).
 * {@link JunkFiles} are left out, as ingest skips them: a .DS_Store does not make a new dataset version.
 */
final class FolderDigest {
    private FolderDigest() {
    }

    static String of(Path root) throws IOException {
        MessageDigest listing = SourceFetcher.sha256();
        for (Path p : files(root)) {
            MessageDigest one = SourceFetcher.sha256();
            try (InputStream in = Files.newInputStream(p)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0;) {
                    one.update(buf, 0, n);
                }
            }
            String rel = root.relativize(p).toString().replace('\\', '/');
            listing.update((HexFormat.of().formatHex(one.digest()) + "  " + rel + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(listing.digest());
    }

    static long size(Path root) throws IOException {
        long total = 0;
        for (Path p : files(root)) {
            total += Files.size(p);
        }
        return total;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !JunkFiles.isJunk(root.relativize(p).toString().replace('\\', '/')))
                    .sorted((a, b) -> root.relativize(a).toString().replace('\\', '/')
                            .compareTo(root.relativize(b).toString().replace('\\', '/')))
                    .toList();
        }
    }
}
