package io.fewshot.evaluator;

import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.RunStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Wires the plain evaluator core; the shared plumbing is service-support's StageBeans. */
public class EvaluatorBeans {
    @Produces
    @Singleton
    RunEvaluator evaluator(RunStore runs, DatasetCache datasets, EventPublisher events,
            FeatureExtractorMirror extractors, EvaluationBoard board, EvaluatorConfig config) {
        return new RunEvaluator(runs, datasets, events, extractors, Path.of(config.workDir()), board);
    }
}
