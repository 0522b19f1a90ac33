package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import io.fewshot.ml.nn.Params;

/**
 * A frozen image model that embeds images for the task encoder (and, in the IMPROVED variant, as
 * the BNN's input). The paper used a pretrained EfficientNet; here it is either our own pretrained
 * Conv-4 ({@link Conv4Extractor}) or a user's TorchScript model ({@link TorchScriptExtractor}).
 */
public interface FeatureExtractor {

    /** Length F of one image's feature vector. */
    long featureSize();

    /** Features {@code [B, F]} of normalised images {@code [B, C, H, W]}, without gradient. */
    NDArray embed(NDArray images);

    /** The frozen weights a checkpoint should carry (names unique across the learner); may be empty. */
    Params state();

    /** What this extractor is, for logs and provenance. */
    String description();
}
