package io.fewshot.ingest.source;

import io.fewshot.ingest.archive.ImageArchive;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Files that tools leave beside a dataset and that are never dataset content: hidden files and folders
 * ({@code .gitattributes}, {@code .DS_Store}, {@code ._x.png} AppleDouble twins, {@code .git/}), macOS
 * zip metadata ({@code __MACOSX/}) and Windows' {@code Thumbs.db} and {@code desktop.ini}. Ingest skips
 * them, says which, and goes on; any other unexpected file is still refused by the layout.
 */
public final class JunkFiles {
    private static final Logger LOG = Logger.getLogger(JunkFiles.class);
    private static final Set<String> NAMES = Set.of("thumbs.db", "desktop.ini");
    private static final int NAMED_IN_LOG = 5;

    private JunkFiles() {
    }

    /** True for a relative path ('/' separators) that is such a file or lies in such a folder. */
    public static boolean isJunk(String path) {
        for (String part : path.split("/")) {
            if (part.startsWith(".") || part.equals("__MACOSX")) {
                return true;
            }
        }
        String file = path.substring(path.lastIndexOf('/') + 1);
        return NAMES.contains(file.toLowerCase(Locale.ROOT));
    }

    /** The archive without its junk files; logs what was skipped, if anything. */
    public static ImageArchive skip(ImageArchive archive) {
        List<String> junk = archive.files().stream().filter(JunkFiles::isJunk).toList();
        if (junk.isEmpty()) {
            return archive;
        }
        LOG.infof("%s: skipped %d file(s) that are not dataset content: %s%s", archive.name(), junk.size(),
                String.join(", ", junk.subList(0, Math.min(NAMED_IN_LOG, junk.size()))),
                junk.size() > NAMED_IN_LOG ? ", ..." : "");
        List<String> kept = archive.files().stream().filter(p -> !isJunk(p)).toList();
        return new ImageArchive() {
            @Override
            public String name() {
                return archive.name();
            }

            @Override
            public List<String> files() {
                return kept;
            }

            @Override
            public byte[] read(String path) throws IOException {
                return archive.read(path);
            }

            @Override
            public void close() throws IOException {
                archive.close();
            }
        };
    }
}
