package io.fewshot.ml.methods;

import ai.djl.ndarray.NDArray;
import io.fewshot.ml.data.EpisodeBatch;
import io.fewshot.ml.nn.Params;

/** A few-shot method: trainable weights, a training loss over a batch of tasks, and predictions. */
public interface MetaLearner {

    /** The trainable weights: leaves that the outer optimiser updates. */
    Params parameters();

    /** Non-trainable state that a checkpoint must keep (batch-norm running statistics); may be empty. */
    Params state();

    /**
     * The meta-training loss of a batch of tasks, with its graph attached for the outer backward,
     * and the query logits {@code [T, Q, N]} for monitoring.
     */
    Loss loss(EpisodeBatch batch);

    /** Query log-probabilities {@code [T, Q, N]} for evaluation; needs no autograd. */
    NDArray predict(EpisodeBatch batch);

    record Loss(NDArray value, NDArray logits) {
    }
}
