package io.fewshot.ingest.archive;

/**
 * Bounds that make a zip bomb fail fast: how many entries, how many uncompressed bytes in all and per entry,
 * and how far one entry may inflate relative to its compressed size. Omniglot needs ~32,500 entries, ~15 MB
 * and ratios near 1; miniImageNet (Ravi, 84x84 JPEGs) ~60,000 entries.
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, double maxRatio) {
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(200_000, 8L << 30, 64L << 20, 200.0);
    }
}
