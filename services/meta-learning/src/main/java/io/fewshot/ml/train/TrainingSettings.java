package io.fewshot.ml.train;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import static io.fewshot.contracts.sweep.HyperKeys.*;

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
 * @param testQuery          query images per class at validation and test ({@code RunSpec.query})
 * @param evalTasksPerBatch  episodes evaluated per call
 */
public record TrainingSettings(double lr, LrSchedule schedule, int trainWay, int trainQuery, int metaBatch,
        int filters, boolean firstOrder, int testInnerSteps, int validateEvery, int validationEpisodes,
        int checkpointEvery, int testEpisodes, int testQuery, int evalTasksPerBatch) {

    public static TrainingSettings from(RunSpec spec) {
        boolean gradientBased = spec.method() == Method.MAML || spec.method() == Method.META_SGD;
        double lr = spec.hyper(LR, 1e-3);
        int steps = spec.budget().steps();
        LrSchedule schedule = new LrSchedule(spec.hyper(LR_SCHEDULE, "constant"), lr,
                spec.hyper(LR_DECAY_EVERY, 2000), spec.hyper(LR_DECAY_FACTOR, 0.5), steps);
        int validateEvery = spec.hyper(VALIDATE_EVERY, Math.max(0, steps / 10));
        return new TrainingSettings(lr, schedule,
                spec.hyper(TRAIN_WAY, spec.way()),
                spec.hyper(TRAIN_QUERY, spec.query()),
                spec.hyper(META_BATCH, gradientBased ? 4 : 1),
                spec.hyper(FILTERS, 64),
                spec.hyper(FIRST_ORDER, false),
                spec.hyper(TEST_INNER_STEPS, Math.max(spec.innerSteps(), gradientBased ? 10 : 0)),
                validateEvery,
                spec.hyper(VALIDATION_EPISODES, 100),
                spec.hyper(CHECKPOINT_EVERY, Math.max(1, steps / 10)),
                spec.hyper(TEST_EPISODES, 1000),
                spec.query(),
                spec.hyper("evalTasksPerBatch", gradientBased ? 8 : 1));
    }
}
