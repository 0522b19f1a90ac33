package io.fewshot.support;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.platform.s3.S3Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Mirrors the engine's local feature-extractor store ({@code <root>/<dataset>/<version>/<key>/},
 * {@link FeatureExtractorStore}, which {@link #store()} hands to the engine) to {@code models/feature-extractors/<dataset>/<version>/<key>/}
 * in the bucket, so that one pretraining per dataset version serves every run, pod and the evaluator.
 * An entry's {@code provenance.json} is its commit (the engine trusts an entry that has one): it is
 * copied last in both directions.
 */
public final class FeatureExtractorMirror {
    private static final String ROOT_PREFIX = "models/feature-extractors/";
    private static final String COMMIT_FILE = "provenance.json";

    private final S3Store s3;
    private final Path root;

    public FeatureExtractorMirror(S3Store s3, Path root) {
        this.s3 = s3;
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The engine's store over the mirrored folder: what a training or an evaluation is given. */
    public FeatureExtractorStore store() {
        return new FeatureExtractorStore(root, steps -> { });
    }

    /** Downloads the dataset's stored extractors that this machine lacks. */
    public void pull(String dataset) {
        String prefix = ROOT_PREFIX + ObjectKeys.segment("dataset name", dataset) + "/";
        List<String> keys = s3.list(prefix).stream().sorted(commitLast()).toList();
        for (String key : keys) {
            Path target = root.resolve(ObjectKeys.relative("feature extractor path", key.substring(ROOT_PREFIX.length())));
            if (!Files.exists(target)) {
                s3.download(key, target);
            }
        }
    }

    /** Uploads committed local entries of the dataset that the bucket lacks. */
    public void push(String dataset) {
        Path dir = root.resolve(ObjectKeys.segment("dataset name", dataset));
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> committed = files.filter(Files::isRegularFile)
                    .filter(f -> Files.isRegularFile(f.getParent().resolve(COMMIT_FILE)))
                    .filter(f -> root.relativize(f).getNameCount() == 4)
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString().equals(COMMIT_FILE))
                            .thenComparing(Path::toString))
                    .toList();
            for (Path f : committed) {
                Path rel = root.relativize(f);
                String key = ObjectKeys.featureExtractor(dataset, rel.getName(1).toString(),
                        rel.getName(2) + "/" + rel.getName(3));
                if (!s3.exists(key)) {
                    s3.putFile(key, f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static Comparator<String> commitLast() {
        return Comparator.comparing((String k) -> k.endsWith("/" + COMMIT_FILE)).thenComparing(k -> k);
    }
}
