package io.fewshot.trainer;

import io.fewshot.ml.train.TrainingListener;

/** What the status endpoint and the metrics hear about runs. */
public interface RunObserver {
    void started(String runId, int totalSteps, int resumedFromStep);

    void progress(String runId, TrainingListener.Progress progress);

    void checkpointed(String runId, long step);

    void finished(String runId, RunTraining.Result result, String detail);

    RunObserver NONE = new RunObserver() {
        @Override
        public void started(String runId, int totalSteps, int resumedFromStep) {
        }

        @Override
        public void progress(String runId, TrainingListener.Progress progress) {
        }

        @Override
        public void checkpointed(String runId, long step) {
        }

        @Override
        public void finished(String runId, RunTraining.Result result, String detail) {
        }
    };
}
