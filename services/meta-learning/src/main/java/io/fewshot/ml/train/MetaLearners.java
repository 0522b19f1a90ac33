package io.fewshot.ml.train;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.bnn.AmortizedBnn;
import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.bnn.FeatureExtractor;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.bnn.TorchScriptExtractor;
import io.fewshot.ml.methods.Maml;
import io.fewshot.ml.methods.MatchingNet;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.methods.ProtoNet;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.TaskConvNet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the learner a RunSpec names, with weights in {@code manager}. It knows every method, so it sits in
 * {@code train}, above {@code methods} and {@code bnn}: neither of those may depend on the other through it.
 */
public final class MetaLearners {
    private MetaLearners() {
    }

    /**
     * Refuses a spec with a hyperparameter that nothing reads for its method, naming it: a misspelt key, or one of
     * another method, would otherwise train with the default and be recorded in the run's provenance as if it had
     * been used (a jar without {@code tuneBackbone} once trained and reported a run that asked for it).
     */
    public static void requireKnownHyperparameters(RunSpec spec) {
        Set<String> known = knownHyperparameters(spec.method());
        List<String> unknown = spec.hyperparameters().keySet().stream().filter(k -> !known.contains(k)).sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("hyperparameter" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + " not read by " + spec.method().id() + "; it reads " + new TreeSet<>(known));
        }
    }

    /** What the engine (and the services' dataset cache) read for {@code method}. */
    static Set<String> knownHyperparameters(Method method) {
        Set<String> known = new HashSet<>(TrainingSettings.KEYS);
        known.add(HyperKeys.DATASET_VERSION);
        switch (method) {
            case MATCHING_NETS -> known.addAll(List.of(HyperKeys.FCE, HyperKeys.FCE_STEPS, HyperKeys.COSINE_SCALE));
            case MAML, META_SGD -> known.add(HyperKeys.NETWORK);
            case AMORTIZED_BNN -> known.addAll(BnnSettings.KEYS);
            case PROTO_NETS -> { }
        }
        return known;
    }

    public static MetaLearner create(RunSpec spec, FewShotDataset data, NDManager manager) {
        return create(spec, data, manager, FeatureExtractorStore.fromEnvironment());
    }

    /**
     * @param extractors where the amortized BNN finds (or pretrains into) its feature extractor;
     *                   unused by the other methods
     */
    public static MetaLearner create(RunSpec spec, FewShotDataset data, NDManager manager,
            FeatureExtractorStore extractors) {
        requireKnownHyperparameters(spec);
        TrainingSettings s = TrainingSettings.from(spec);
        int channels = data.channels();
        return switch (spec.method()) {
            case PROTO_NETS -> new ProtoNet(manager, channels, s.filters(), spec.seed());
            case MATCHING_NETS -> new MatchingNet(manager, channels, s.filters(),
                    new Conv4(channels, s.filters()).featureSize(data.height(), data.width()), spec.seed(),
                    spec.hyper(HyperKeys.FCE, false), spec.hyper(HyperKeys.FCE_STEPS, 0),
                    spec.hyper(HyperKeys.COSINE_SCALE, MatchingNet.DEFAULT_INITIAL_SCALE));
            case MAML, META_SGD -> {
                if (s.trainWay() != spec.way()) {
                    throw new IllegalArgumentException(spec.method().id()
                            + " has a classifier of exactly `way` outputs: trainWay must equal way");
                }
                // Absent in specs written before the strided network existed: those runs used the pooled one.
                TaskConvNet.Network network = TaskConvNet.Network.parse(spec.hyper(HyperKeys.NETWORK, "pooled"));
                TaskConvNet net = new TaskConvNet(network, channels, s.filters(), spec.way(), data.height(),
                        data.width());
                yield Maml.create(manager, net, spec.seed(), spec.innerSteps(), s.testInnerSteps(), spec.innerLr(),
                        s.firstOrder(), spec.method() == Method.META_SGD);
            }
            case AMORTIZED_BNN -> {
                BnnSettings b = BnnSettings.from(spec);
                FeatureExtractor e = b.encoder().equals("torchscript")
                        ? TorchScriptExtractor.load(java.nio.file.Path.of(b.encoderModel()), channels, data.height(),
                                data.width())
                        : extractors.obtain(data, b.pretrain(), manager);
                yield new AmortizedBnn(b, e, spec.way(), data.imageBytes(), manager, spec.seed());
            }
        };
    }
}
