package io.fewshot.ml.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a dataset folder: either an ingested dataset (manifest.json and verified shards, read by
 * {@link DatasetReader}) or the two official Omniglot zips (read directly, Vinyals split from
 * {@code splitDir}, by default {@code ../splits/omniglot/vinyals} beside the data folder as laid
 * out in shared/datasets).
 */
public final class DatasetLoader {
    private DatasetLoader() {
    }

    public static FewShotDataset load(Path dir, Path splitDir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dataset folder " + dir + " does not exist");
        }
        if (Files.isRegularFile(dir.resolve(DatasetManifest.FILE_NAME))) {
            try {
                return DatasetReader.read(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read dataset " + dir, e);
            }
        }
        if (Files.isRegularFile(dir.resolve("images_background.zip"))) {
            Path splits = splitDir != null ? splitDir
                    : dir.toAbsolutePath().getParent().resolve("splits/omniglot/vinyals");
            return OmniglotZips.load(dir, splits);
        }
        throw new IllegalArgumentException(dir + " holds neither an ingested dataset (manifest.json) nor the "
                + "Omniglot zips (images_background.zip, images_evaluation.zip)");
    }
}
