package io.fewshot.ml.train;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;

/**
 * The engine's reading of a RunSpec: every training setting with its default, in one place.
 * The sweep planner writes the published values into the spec's hyperparameters; these defaults
 * only fill what a hand-written spec leaves out.
 *
 * @param trainWay           classes per training episode (Prototypical Networks train with more)
 * @param trainQuery         query images per class in training episodes
 * @param metaBatch          tasks per outer step
 * @param testInnerSteps     inner steps at evaluation (MAML takes more at test time)
 * @param validateEvery      steps between validations (0: never)
 * @param checkpointEvery    steps between checkpoints (0: only at the end)
 * @param evalTasksPerBatch  episodes evaluated per call
 */
public record TrainingSettings(double lr, LrSchedule schedule, int trainWay, int trainQuery, int metaBatch,
        int filters, boolean firstOrder, int testInnerSteps, int validateEvery, int validationEpisodes,
        int checkpointEvery, int testEpisodes, int testQuery, int evalTasksPerBatch) {

    public static TrainingSettings from(RunSpec spec) {
        boolean gradientBased = spec.method() == Method.MAML || spec.method() == Method.META_SGD;
        double lr = spec.hyper("lr", 1e-3);
        int steps = spec.budget().steps();
        LrSchedule schedule = new LrSchedule(spec.hyper("lrSchedule", "constant"), lr,
                spec.hyper("lrDecayEvery", 2000), spec.hyper("lrDecayFactor", 0.5), steps);
        int validateEvery = spec.hyper("validateEvery", Math.max(0, steps / 10));
        return new TrainingSettings(lr, schedule,
                spec.hyper("trainWay", spec.way()),
                spec.hyper("trainQuery", spec.query()),
                spec.hyper("metaBatch", gradientBased ? 4 : 1),
                spec.hyper("filters", 64),
                spec.hyper("firstOrder", false),
                spec.hyper("testInnerSteps", Math.max(spec.innerSteps(), gradientBased ? 10 : 0)),
                validateEvery,
                spec.hyper("validationEpisodes", 100),
                spec.hyper("checkpointEvery", Math.max(1, steps / 10)),
                spec.hyper("testEpisodes", 1000),
                spec.hyper("testQuery", 15),
                spec.hyper("evalTasksPerBatch", gradientBased ? 8 : 1));
    }
}
