package io.fewshot.ml.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.nn.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureExtractorStoreTest {
    private static final FewShotDataset DATA = Fixtures.synthetic(20, 10, 16, 3);
    private static final BackbonePretrainer.Settings SETTINGS = new BackbonePretrainer.Settings(8, 40, 32, 3e-3, 1);

    @BeforeAll
    static void threads() {
        Threads.set(1);
    }

    @Test
    void pretrainsOnceOnTheTrainClassesThenReusesTheStoredBackbone(@TempDir Path root) {
        AtomicInteger steps = new AtomicInteger();
        FeatureExtractorStore store = new FeatureExtractorStore(root, done -> steps.incrementAndGet());
        try (NDManager m = NDManager.newBaseManager()) {
            Conv4Extractor first = store.obtain(DATA, SETTINGS, m);
            assertEquals(SETTINGS.steps(), steps.get(), "a miss pretrains");
            Conv4Extractor second = store.obtain(DATA, SETTINGS, m);
            assertEquals(SETTINGS.steps(), steps.get(), "a hit does not pretrain again");
            for (String k : first.state().names()) {
                assertEquals(0f, first.state().get(k).sub(second.state().get(k)).abs().max().getFloat(), k);
            }
            Path dir = store.folder(DATA, SETTINGS);
            assertEquals(root.resolve("synthetic").resolve("synthetic-3").resolve("conv4-8f-40steps-32batch-seed1"),
                    dir);
            Map<String, Object> p = FeatureExtractorStore.provenance(dir);
            assertEquals(DATA.sha256(), p.get("datasetSha256"));
            assertEquals(40, p.get("steps"));
            assertEquals(10, p.get("trainClasses"), "only the meta-train pool is classified");
            assertTrue(p.containsKey("codeVersion"));
            // 10 separable classes: far above the 10% of chance after 40 steps.
            double acc = ((Number) p.get("finalTrainAccuracy")).doubleValue();
            assertTrue(acc > 0.5, "pretraining learns the train classes, accuracy " + acc);
            assertEquals(8, first.featureSize());
            assertEquals(8, first.embed(m.zeros(new ai.djl.ndarray.types.Shape(3, 1, 16, 16))).getShape().get(1));
        }
    }

    @Test
    void backbonesOfTheSameDataUnderAnotherSplitAreKeptApart(@TempDir Path root) {
        FeatureExtractorStore store = new FeatureExtractorStore(root, done -> { });
        Path vinyals = store.folder(underSplit("vinyals"), SETTINGS);
        Path lake = store.folder(underSplit("lake"), SETTINGS);
        // Same archive, same digest: only the split tells which classes the backbone has seen.
        assertNotEquals(vinyals, lake);
        assertEquals(vinyals.getParent(), lake.getParent());
    }

    private static FewShotDataset underSplit(String scheme) {
        return new FewShotDataset("omniglot", scheme, 1, 2, 2, java.util.List.of("a", "b"),
                java.util.List.of(new byte[4], new byte[4]), Map.of("train", new int[] {0}, "test", new int[] {1}),
                new float[] {0.5f}, new float[] {0.3f}, "same-archive");
    }

    @Test
    void refusesWeightsWhoseDigestDisagreesWithTheProvenance(@TempDir Path root) throws Exception {
        FeatureExtractorStore store = new FeatureExtractorStore(root, done -> { });
        BackbonePretrainer.Settings quick = new BackbonePretrainer.Settings(4, 2, 8, 1e-3, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            store.obtain(DATA, quick, m);
            Path weights = store.folder(DATA, quick).resolve(FeatureExtractorStore.WEIGHTS_FILE);
            byte[] b = Files.readAllBytes(weights);
            b[b.length - 1] ^= 1;
            Files.write(weights, b);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.load(DATA, quick, m));
            assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        }
    }
}
