package io.fewshot.ingest.archive;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestException.Code;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the bytes really inflated (declared sizes can lie) and stops a read the moment a limit is passed. */
final class ByteBudget {
    private final String archive;
    private final ArchiveLimits limits;
    private final AtomicLong total = new AtomicLong();

    ByteBudget(String archive, ArchiveLimits limits) {
        this.archive = archive;
        this.limits = limits;
    }

    /** Reads a whole entry; {@code compressed} is its stored size, or -1 where the format has none. */
    byte[] readEntry(String entry, InputStream in, long compressed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0;) {
            n += r;
            if (n > limits.maxEntryBytes()) {
                throw tooLarge(entry + " inflates past the per-entry limit of " + limits.maxEntryBytes() + " bytes");
            }
            if (compressed >= 0 && n > 1024 && n > limits.maxRatio() * Math.max(1, compressed)) {
                throw tooLarge(entry + " inflates more than " + limits.maxRatio() + " times its compressed size");
            }
            if (total.addAndGet(r) > limits.maxTotalBytes()) {
                throw tooLarge("the archive inflates past the total limit of " + limits.maxTotalBytes() + " bytes");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    /** Checks sizes an archive declares before anything is inflated. */
    void checkDeclared(String entry, long size, long compressed, long declaredTotal) {
        if (size > limits.maxEntryBytes()) {
            throw tooLarge(entry + " declares " + size + " bytes, over the per-entry limit of " + limits.maxEntryBytes());
        }
        if (compressed > 0 && size > 1024 && size > limits.maxRatio() * compressed) {
            throw tooLarge(entry + " has a compression ratio of " + (size / compressed) + ", over the limit of "
                    + limits.maxRatio());
        }
        if (declaredTotal > limits.maxTotalBytes()) {
            throw tooLarge("the archive declares " + declaredTotal + " uncompressed bytes, over the total limit of "
                    + limits.maxTotalBytes());
        }
    }

    void checkCount(int entries) {
        if (entries > limits.maxEntries()) {
            throw tooLarge("the archive has more than " + limits.maxEntries() + " entries");
        }
    }

    private IngestException tooLarge(String what) {
        return new IngestException(Code.ARCHIVE_TOO_LARGE, archive + ": " + what + " (zip bomb?)");
    }
}
