package io.fewshot.ml.bnn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user-supplied TorchScript image model as the feature extractor (the paper used EfficientNet).
 *
 * <p>Contract for the file: a TorchScript module (torch.jit.save) whose forward takes one float32
 * tensor {@code [B, C, H, W]} of images normalised with the dataset's per-channel statistics at the
 * dataset's resolution, and returns one tensor {@code [B, ...]}; it is flattened to {@code [B, F]}.
 * Any resizing the model needs must be inside the module. Loaded offline through DJL's PyTorch
 * engine; the weights stay frozen and are not part of checkpoints (the file is the artefact).
 * The model stays loaded for the life of the process.
 *
 * <p>UNTESTED here: no TorchScript file can be produced on this machine (no Python/PyTorch).
 */
public final class TorchScriptExtractor implements FeatureExtractor {
    private final ZooModel<NDList, NDList> model;
    private final Path file;
    private final long featureSize;

    private TorchScriptExtractor(ZooModel<NDList, NDList> model, Path file, long featureSize) {
        this.model = model;
        this.file = file;
        this.featureSize = featureSize;
    }

    /** Loads {@code file} and probes its feature size with one blank image of {@code [C, H, W]}. */
    public static TorchScriptExtractor load(Path file, int channels, int height, int width) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript feature extractor " + file + " does not exist");
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine("PyTorch")
                .optTranslator(new NoopTranslator())
                .build();
        try {
            ZooModel<NDList, NDList> model = criteria.loadModel();
            TorchScriptExtractor e = new TorchScriptExtractor(model, file, 0);
            try (NDManager probe = model.getNDManager().newSubManager()) {
                long size = e.embed(probe.zeros(new Shape(1, channels, height, width))).getShape().get(1);
                return new TorchScriptExtractor(model, file, size);
            }
        } catch (ModelNotFoundException | MalformedModelException | IOException ex) {
            throw new IllegalArgumentException("cannot load TorchScript feature extractor " + file + ": "
                    + ex.getMessage(), ex);
        }
    }

    @Override
    public long featureSize() {
        return featureSize;
    }

    @Override
    public NDArray embed(NDArray images) {
        try (Autograd.Scope off = Autograd.disabled()) {
            NDList out = model.getBlock().forward(new ParameterStore(images.getManager(), false), new NDList(images),
                    false);
            NDArray y = out.singletonOrThrow();
            return y.reshape(y.getShape().get(0), -1);
        }
    }

    @Override
    public Params state() {
        return new Params();
    }

    @Override
    public String description() {
        return "torchscript:" + file;
    }
}
