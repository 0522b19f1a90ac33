package io.fewshot.ingest.core;

/**
 * What to ingest.
 *
 * @param name           dataset name, a safe key segment (e.g. "omniglot", "mini-imagenet")
 * @param format         "omniglot" or "mini-imagenet"; null derives it from the name
 * @param source         comma-separated URLs and/or local paths (see SourceFetcher)
 * @param sha256         optional expected digests: one bare sha256, or name=sha256 pairs
 * @param imagesPerClass optional images every class must have; null for the format's own
 *                       (Omniglot 20, miniImageNet 600); small fixtures set it
 */
public record IngestRequest(String name, String format, String source, String sha256, Integer imagesPerClass) {
}
