package io.fewshot.ml.data;

import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.dataset.format.DatasetReader;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.dataset.format.OmniglotZips;
import io.fewshot.dataset.format.SplitSchemes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a dataset folder with the split scheme a run asks for: either an ingested dataset (manifest.json and
 * verified shards, read by {@link DatasetReader}; its schemes are the manifest's: Omniglot "vinyals" and "lake",
 * miniImageNet "ravi") or the two official Omniglot zips ({@link OmniglotZips}: "vinyals", whose files are read
 * from {@code splitDir}, by default {@code ../splits/omniglot/vinyals} beside the data folder as laid out in
 * shared/datasets, and "lake"); either also as {@code <scheme>-trainval}, train + val as one train pool
 * ({@link SplitSchemes}). A dataset or scheme the folder does not hold is refused, naming what it holds.
 */
public final class DatasetLoader {
    private DatasetLoader() {
    }

    /** The folder's default scheme (Vinyals for Omniglot); for benchmarks and tests that name none. */
    public static FewShotDataset load(Path dir, Path splitDir) {
        return load(dir, null, null, splitDir);
    }

    /** The dataset and split scheme that {@code spec} names. */
    public static FewShotDataset load(Path dir, RunSpec spec, Path splitDir) {
        return load(dir, spec.dataset(), spec.split(), splitDir);
    }

    /**
     * @param dataset  the dataset name the folder must hold ("omniglot", "mini-imagenet"), or null for any
     * @param scheme   the split scheme, or null for the folder's default
     * @param splitDir the Vinyals split files for the Omniglot zips, or null for the shared/datasets layout
     */
    public static FewShotDataset load(Path dir, String dataset, String scheme, Path splitDir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dataset folder " + dir + " does not exist");
        }
        if (Files.isRegularFile(dir.resolve(DatasetManifest.FILE_NAME))) {
            FewShotDataset d;
            try {
                d = DatasetReader.read(dir, scheme);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dataset " + dir, e);
            }
            if (dataset != null && !dataset.equals(d.name())) {
                throw new IllegalArgumentException(dir + " holds dataset " + d.name() + ", not " + dataset);
            }
            return d;
        }
        if (Files.isRegularFile(dir.resolve("images_background.zip"))) {
            if (dataset != null && !dataset.equals("omniglot")) {
                throw new IllegalArgumentException(dir + " holds the Omniglot zips, not dataset " + dataset
                        + " (ingest other datasets first and pass the ingested folder)");
            }
            String chosen = scheme == null ? "vinyals" : scheme;
            Path splits = splitDir != null ? splitDir
                    : dir.toAbsolutePath().getParent().resolve("splits/omniglot/" + SplitSchemes.base(chosen));
            return OmniglotZips.load(dir, chosen, splits);
        }
        throw new IllegalArgumentException(dir + " holds neither an ingested dataset (manifest.json) nor the "
                + "Omniglot zips (images_background.zip, images_evaluation.zip)");
    }
}
