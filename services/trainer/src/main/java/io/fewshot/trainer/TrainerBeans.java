package io.fewshot.trainer;

import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.RunStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Wires the plain trainer core; the shared plumbing is service-support's StageBeans. */
public class TrainerBeans {
    @Produces
    @Singleton
    RunTraining training(RunStore runs, DatasetCache datasets, EventPublisher events, FeatureExtractorMirror extractors,
            RunBoard board, TrainerConfig config) {
        return new RunTraining(runs, datasets, events, extractors, Path.of(config.workDir()),
                config.checkpointInterval(), board);
    }
}
