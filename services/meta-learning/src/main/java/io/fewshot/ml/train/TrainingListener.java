package io.fewshot.ml.train;

import java.nio.file.Path;

/** Hears about a run's progress; every method has a no-op default. */
public interface TrainingListener {

    default void onProgress(Progress progress) {
    }

    default void onValidation(long step, double accuracy, boolean best) {
    }

    default void onCheckpoint(long step, Path file) {
    }

    /**
     * @param loss     mean training loss since the last report
     * @param accuracy mean training query accuracy since the last report
     */
    record Progress(long step, long totalSteps, double loss, double accuracy, double episodesPerSecond,
            double etaSeconds, double lr, double elapsedSeconds) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
