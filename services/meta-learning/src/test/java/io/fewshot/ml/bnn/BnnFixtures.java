package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Params;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Small amortized-BNN configurations for tests. */
final class BnnFixtures {
    private BnnFixtures() {
    }

    /** A spec with a tiny network unless {@code overrides} say otherwise. */
    static RunSpec spec(int way, int shot, int query, int innerSteps, double innerLr, Map<String, Object> overrides) {
        Map<String, Object> h = new HashMap<>();
        h.put(HyperKeys.VARIANT, "faithful");
        h.put(HyperKeys.HIDDEN, "12-8");
        h.put(HyperKeys.SAMPLES, 3);
        h.put(HyperKeys.BETA, 0.1);
        h.put(BnnSettings.LSTM_HIDDEN, 10);
        h.put(BnnSettings.NOISE_SIZE, 4);
        h.put(BnnSettings.HEAD_RANK, 2);
        // 12x8 = 96 > 64: the hidden layer gets a low-rank head, the output layer a dense one.
        h.put(BnnSettings.HEAD_DENSE_LIMIT, 64);
        h.put(HyperKeys.FILTERS, 4);
        h.putAll(overrides);
        return new RunSpec("synthetic", "none", Method.AMORTIZED_BNN, way, shot, query, innerSteps, innerLr,
                new Budget(10, 0), 1, h);
    }

    /** A randomly initialised (not pretrained) Conv-4 extractor, enough for gradient checks. */
    static Conv4Extractor randomExtractor(NDManager m, int channels, int filters, int size, DataType type) {
        Conv4 net = new Conv4(channels, filters);
        Params w = net.init(m, new SplittableRandom(4)).map((k, v) -> v.toType(type, false));
        Params s = net.initState(m).map((k, v) -> v.toType(type, false));
        return new Conv4Extractor(net, w, s, net.featureSize(size, size), "random conv4");
    }
}
