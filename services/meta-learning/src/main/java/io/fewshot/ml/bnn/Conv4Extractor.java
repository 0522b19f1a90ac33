package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Params;

/** A pretrained, frozen Conv-4 in evaluation mode (batch norm with its running statistics). */
public final class Conv4Extractor implements FeatureExtractor {
    static final String WEIGHTS = "extractor.w.";
    static final String BN_STATE = "extractor.bn.";

    private final Conv4 net;
    private final Params weights;
    private final Params bnState;
    private final long featureSize;
    private final String description;

    public Conv4Extractor(Conv4 net, Params weights, Params bnState, long featureSize, String description) {
        this.net = net;
        this.weights = weights;
        this.bnState = bnState;
        this.featureSize = featureSize;
        this.description = description;
    }

    @Override
    public long featureSize() {
        return featureSize;
    }

    /**
     * The embedding, attached to the images' manager. The forward pass derives arrays from the weights (their
     * channels-last copies, the batch norm's reshaped statistics), which DJL attaches to the weights' own
     * long-lived manager: run in a scope of its own, they are freed on return instead of piling up there on
     * every call (the IMPROVED rows grew to 12-20 GB in 15-25 minutes of training).
     */
    @Override
    public NDArray embed(NDArray images) {
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager(); Autograd.Scope off = Autograd.disabled()) {
            images.tempAttach(scope);
            weights.tempAttach(scope);
            bnState.tempAttach(scope);
            NDArray features = net.embed(images, weights, bnState, false);
            features.attach(caller);
            return features;
        }
    }

    /**
     * The embedding through {@code tuned}, weights named as this extractor's (a trainable copy of them), with batch
     * norm at the pretrained running statistics; with gradient if the caller's scope records it. The caller's
     * scope owns the weights (trainer and evaluator attach a learner's parameters to theirs), so what the forward
     * derives from them is freed with it.
     */
    NDArray embed(NDArray images, Params tuned) {
        return net.embed(images, tuned, bnState, false);
    }

    /** A copy of the pretrained weights on {@code m}, to train. */
    Params trainableCopy(NDManager m) {
        return weights.map((k, v) -> {
            NDArray c = v.duplicate();
            c.attach(m);
            return c;
        });
    }

    @Override
    public Params state() {
        Params p = new Params();
        weights.asMap().forEach((k, v) -> p.put(WEIGHTS + k, v));
        bnState.asMap().forEach((k, v) -> p.put(BN_STATE + k, v));
        return p;
    }

    @Override
    public String description() {
        return description;
    }
}
