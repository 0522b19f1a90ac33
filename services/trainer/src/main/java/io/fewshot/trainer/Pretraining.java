package io.fewshot.trainer;

import ai.djl.ndarray.NDManager;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlanner;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.bnn.BackbonePretrainer;
import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.FeatureExtractorMirror;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The Argo pretrain step: every feature extractor that a profile's amortized-BNN runs on a dataset
 * need, pretrained once (unless the bucket has it) and stored under models/feature-extractors/.
 * A training run that finds none pretrains it itself, so this step only moves the work earlier.
 */
public final class Pretraining {
    private static final Logger LOG = Logger.getLogger(Pretraining.class);

    private final DatasetCache datasets;
    private final FeatureExtractorMirror extractors;

    public Pretraining(DatasetCache datasets, FeatureExtractorMirror extractors) {
        this.datasets = datasets;
        this.extractors = extractors;
    }

    /**
     * @param selected the cells the sweep runs (a sweep narrowed to some rows needs no extractor for the others)
     * @return how many distinct extractors those cells need on the dataset (each now stored)
     */
    public int run(String dataset, Profile profile, Predicate<Cell> selected) {
        Map<BackbonePretrainer.Settings, RunSpec> needed = new LinkedHashMap<>();
        for (Cell cell : SweepPlanner.plan(profile).cells().stream().filter(selected).toList()) {
            RunSpec spec = cell.spec();
            if (spec.method() == Method.AMORTIZED_BNN && spec.dataset().equals(dataset)) {
                BnnSettings b = BnnSettings.from(spec);
                if (!b.encoder().equals("torchscript")) {
                    needed.putIfAbsent(b.pretrain(), spec);
                }
            }
        }
        if (needed.isEmpty()) {
            LOG.infof("the sweep (profile %s) has no amortized-BNN run on %s that needs a pretrained extractor",
                    profile.id(), dataset);
            return 0;
        }
        extractors.pull(dataset);
        FeatureExtractorStore store = extractors.store();
        for (Map.Entry<BackbonePretrainer.Settings, RunSpec> e : needed.entrySet()) {
            FewShotDataset data = datasets.load(e.getValue());
            long start = System.nanoTime();
            try (NDManager m = NDManager.newBaseManager()) {
                store.obtain(data, e.getKey(), m);
            }
            LOG.infof("feature extractor %s for %s ready in %.1f s (%s)", e.getKey(), dataset,
                    (System.nanoTime() - start) / 1e9, store.folder(data, e.getKey()));
        }
        extractors.push(dataset);
        return needed.size();
    }
}
