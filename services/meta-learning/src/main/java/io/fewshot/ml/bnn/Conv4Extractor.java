package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
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

    @Override
    public NDArray embed(NDArray images) {
        try (Autograd.Scope off = Autograd.disabled()) {
            return net.embed(images, weights, bnState, false);
        }
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
