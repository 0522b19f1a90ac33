package io.fewshot.ml.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.dataset.image.ImageDecodeException;
import io.fewshot.dataset.image.ImagePreprocessing;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.train.Checkpoint;
import io.fewshot.ml.train.CheckpointStore;
import io.fewshot.ml.train.MetaLearners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained learner loaded from its run folder ({@code spec.json} and {@code checkpoints/}, as {@code fsb-ml
 * train} writes them), for scoring episodes of one's own outside the evaluator: give it labelled support images
 * and unlabelled query images, get per-query class probabilities.
 *
 * <p>The learner is rebuilt from the training dataset, loaded with the spec's dataset and split: it supplies
 * the image shape, the normalisation statistics the model was trained with, and the amortized BNN's feature
 * extractor. New images go through {@link #preprocessing()}, the exact preprocessing that made the dataset.
 *
 * <p>Not thread-safe; close it to free its tensors.
 */
public final class TrainedModel implements AutoCloseable {
    private final RunSpec spec;
    private final FewShotDataset data;
    private final Path checkpoint;
    private final NDManager manager;
    private final MetaLearner learner;
    private final ImagePreprocessing preprocessing;

    private TrainedModel(RunSpec spec, FewShotDataset data, Path checkpoint) {
        data.requireFor(spec.dataset(), spec.split());
        this.spec = spec;
        this.data = data;
        this.checkpoint = checkpoint;
        this.preprocessing = new ImagePreprocessing(data.channels(), data.height(), data.width());
        this.manager = NDManager.newBaseManager();
        try {
            this.learner = MetaLearners.create(spec, data, manager);
            Checkpoint.load(checkpoint, manager).restoreInto(learner);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * @param runDir   a run folder: {@code spec.json} and a best or final checkpoint under {@code checkpoints/}
     * @param dataDir  the dataset folder it was trained on (ingested, or the Omniglot zips)
     * @param splitDir the Vinyals split files for the Omniglot zips, or null for the shared/datasets layout
     */
    public static TrainedModel load(Path runDir, Path dataDir, Path splitDir) {
        RunSpec spec = readSpec(runDir);
        return load(runDir, DatasetLoader.load(dataDir, spec, splitDir));
    }

    /** As {@link #load(Path, Path, Path)}, with the training dataset already in memory. */
    public static TrainedModel load(Path runDir, FewShotDataset data) {
        RunSpec spec = readSpec(runDir);
        Path ckpt = new CheckpointStore(runDir.resolve("checkpoints")).forEvaluation()
                .orElseThrow(() -> new IllegalArgumentException(runDir + " holds no trained checkpoint "
                        + "(checkpoints/best.ckpt or checkpoints/final.ckpt): train the run to its end first"));
        return new TrainedModel(spec, data, ckpt);
    }

    private static RunSpec readSpec(Path runDir) {
        Path file = runDir.resolve("spec.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runDir + " is not a run folder: it has no spec.json");
        }
        try {
            return RunSpec.fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public RunSpec spec() {
        return spec;
    }

    /** The checkpoint whose weights are loaded (best by validation if there is one, else final). */
    public Path checkpoint() {
        return checkpoint;
    }

    /** The dataset's preprocessing: an encoded image (PNG, JPEG) to the stored pixels this model expects. */
    public ImagePreprocessing preprocessing() {
        return preprocessing;
    }

    /** Reads and preprocesses one image file; fails naming the file if it is not a PNG or JPEG image. */
    public byte[] preprocess(Path imageFile) {
        try {
            return preprocessing.apply(Files.readAllBytes(imageFile), imageFile.toString());
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + imageFile, e);
        }
    }

    /**
     * Classifies query images among the support classes.
     *
     * @param support class name to its support images, each preprocessed ({@link #preprocess}); every class
     *                needs the same number of images (the shot); MAML, Meta-SGD and the amortized BNN have
     *                exactly the run's {@code way} outputs, so they need that many classes
     * @param query   preprocessed query images
     */
    public Prediction classify(Map<String, List<byte[]>> support, List<byte[]> query) {
        List<String> classes = new ArrayList<>(support.keySet());
        if (classes.size() < 2) {
            throw new IllegalArgumentException("need at least 2 support classes, got " + classes.size());
        }
        boolean fixedWay = spec.method() == Method.MAML || spec.method() == Method.META_SGD
                || spec.method() == Method.AMORTIZED_BNN;
        if (fixedWay && classes.size() != spec.way()) {
            throw new IllegalArgumentException(spec.method().id() + " was trained for " + spec.way()
                    + "-way tasks and cannot classify among " + classes.size() + " classes");
        }
        int shot = support.get(classes.get(0)).size();
        List<byte[]> flat = new ArrayList<>();
        for (String c : classes) {
            if (support.get(c).size() != shot || shot == 0) {
                throw new IllegalArgumentException("every support class needs the same number of images (at least 1);"
                        + " " + classes.get(0) + " has " + shot + ", " + c + " has " + support.get(c).size());
            }
            flat.addAll(support.get(c));
        }
        // Seeded as the evaluator is: a method that samples weights (the amortized BNN) answers the same twice.
        ai.djl.pytorch.jni.JniUtils.setSeed(spec.seed());
        try (NDManager task = manager.newSubManager(); Autograd.Scope off = Autograd.disabled()) {
            // Intermediates attach to the weights' manager: borrow the weights so that they all go with `task`.
            learner.parameters().tempAttach(task);
            learner.state().tempAttach(task);
            EpisodeBatch batch = EpisodeBatch.ofImages(task, data, flat, classes.size(), shot, query);
            NDArray probs = learner.predict(batch).exp();
            float[] p = probs.toFloatArray();
            float[][] rows = new float[query.size()][classes.size()];
            for (int q = 0; q < rows.length; q++) {
                System.arraycopy(p, q * classes.size(), rows[q], 0, classes.size());
            }
            return new Prediction(classes, rows);
        }
    }

    /** As {@link #classify}, from image files: class name to its support files, and the query files. */
    public Prediction classifyFiles(Map<String, List<Path>> support, List<Path> query) {
        Map<String, List<byte[]>> images = new LinkedHashMap<>();
        support.forEach((c, files) -> images.put(c, files.stream().map(this::preprocess).toList()));
        return classify(images, query.stream().map(this::preprocess).toList());
    }

    @Override
    public void close() {
        manager.close();
    }
}
