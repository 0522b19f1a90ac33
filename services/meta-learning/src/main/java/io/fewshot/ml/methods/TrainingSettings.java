package io.fewshot.ml.methods;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import static io.fewshot.contracts.sweep.HyperKeys.*;

import java.util.Set;

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
 * @param validateSeconds    wall seconds between validations, besides {@code validateEvery} (0: none); when set,
 *                           the last step is validated too, so the best checkpoint sees the end of training
 * @param checkpointEvery    steps between checkpoints (0: only at the end)
 * @param testQuery          query images per class at validation and test ({@code RunSpec.query})
 * @param evalTasksPerBatch  episodes evaluated per call
 * @param tasksPerChunk      tasks of a meta-batch whose graph is in memory at once (gradients accumulate)
 * @param evalSeed           the seed of the test episodes; validation draws from {@code evalSeed + 1}
 */
public record TrainingSettings(double lr, LrSchedule schedule, int trainWay, int trainQuery, int metaBatch,
        int filters, boolean firstOrder, int testInnerSteps, int validateEvery, double validateSeconds, int validationEpisodes,
        int checkpointEvery, int testEpisodes, int testQuery, int evalTasksPerBatch, int tasksPerChunk, long evalSeed) {

    /**
     * Image passes (images x (inner steps + 1)) whose autograd graph one chunk may hold: about 2 GB
     * for Conv-4 with 64 filters, measured at ~0.75 MB per image pass in second-order MAML. Without
     * a bound, 20-way 5-shot MAML (16 tasks of 200 images, 5 inner steps) needs 14 GB.
     */
    public static final int IMAGE_PASSES_PER_CHUNK = 2400;

    /** Hyperparameter: wall seconds between validations (scripts/bench-reproduce.sh validates every few minutes). */
    public static final String VALIDATE_SECONDS = "validateSeconds";

    /**
     * Hyperparameter: the seed of the evaluation episodes. Left at its default, every run meets the same test
     * tasks; another value draws fresh val and test episodes from the same classes (a repeat that must not be
     * scored on episodes an earlier look has seen).
     */
    public static final String EVAL_SEED = "evalSeed";
    /** The evaluation seed of the test protocol. */
    public static final int DEFAULT_EVAL_SEED = 20261127;

    /** The hyperparameters read here, for every method. */
    public static final Set<String> KEYS = Set.of(LR, LR_SCHEDULE, LR_SCHEDULE_STEPS, LR_DECAY_EVERY, LR_DECAY_FACTOR, TRAIN_WAY,
            TRAIN_QUERY, META_BATCH, TASKS_PER_CHUNK, TEST_INNER_STEPS, FILTERS, FIRST_ORDER, VALIDATE_EVERY,
            VALIDATE_SECONDS, VALIDATION_EPISODES, CHECKPOINT_EVERY, TEST_EPISODES, EVAL_TASKS_PER_BATCH, EVAL_SEED);

    public static TrainingSettings from(RunSpec spec) {
        boolean gradientBased = spec.method() == Method.MAML || spec.method() == Method.META_SGD;
        double lr = spec.hyper(LR, 1e-3);
        int steps = spec.budget().steps();
        LrSchedule schedule = new LrSchedule(spec.hyper(LR_SCHEDULE, "constant"), lr, spec.hyper(LR_DECAY_EVERY, 2000),
                spec.hyper(LR_DECAY_FACTOR, 0.5), spec.hyper(LR_SCHEDULE_STEPS, steps), spec.budget().wallSeconds());
        int validateEvery = spec.hyper(VALIDATE_EVERY, Math.max(0, steps / 10));
        int trainWay = spec.hyper(TRAIN_WAY, spec.way());
        int trainQuery = spec.hyper(TRAIN_QUERY, spec.query());
        int metaBatch = spec.hyper(META_BATCH, gradientBased ? 4 : 1);
        int imagePasses = conv4PassesPerTask(spec, trainWay * (spec.shot() + trainQuery));
        int tasksPerChunk = spec.hyper(TASKS_PER_CHUNK,
                imagePasses == 0 ? metaBatch : Math.max(1, IMAGE_PASSES_PER_CHUNK / imagePasses));
        int testInnerSteps = spec.hyper(TEST_INNER_STEPS, Math.max(spec.innerSteps(), gradientBased ? 10 : 0));
        return new TrainingSettings(lr, schedule,
                trainWay,
                trainQuery,
                metaBatch,
                spec.hyper(FILTERS, 64),
                spec.hyper(FIRST_ORDER, false),
                testInnerSteps,
                validateEvery,
                spec.hyper(VALIDATE_SECONDS, 0.0),
                spec.hyper(VALIDATION_EPISODES, 100),
                spec.hyper(CHECKPOINT_EVERY, Math.max(1, steps / 10)),
                spec.hyper(TEST_EPISODES, 1000),
                spec.query(),
                spec.hyper(EVAL_TASKS_PER_BATCH, gradientBased ? evalTasksPerBatch(spec, testInnerSteps)
                        : spec.method() == Method.AMORTIZED_BNN ? bnnEvalTasksPerBatch(spec) : 1),
                Math.max(1, Math.min(metaBatch, tasksPerChunk)),
                spec.hyper(EVAL_SEED, DEFAULT_EVAL_SEED));
    }

    /**
     * Conv-4 image passes whose graph one training task holds, which {@link #IMAGE_PASSES_PER_CHUNK} bounds. MAML
     * and Meta-SGD pass every image through Conv-4 once per inner step and once more. The amortized BNN's graph per
     * task is an MLP's (about one copy of its weights over FAITHFUL 5-step's six passes: an estimated 6 MB on
     * Omniglot, 131 MB on miniImageNet's pixels) plus, only when it tunes its backbone, one Conv-4 pass per image.
     * Cut into Conv-4's chunks (seven of 5 tasks), FAITHFUL 5-step's meta-step ran 1.8-2.0x slower at the same peak
     * memory (docs/results/2026-12-05-bnn-task-chunks), so with a frozen backbone its meta-batch is one chunk.
     */
    private static int conv4PassesPerTask(RunSpec spec, int images) {
        if (spec.method() == Method.AMORTIZED_BNN) {
            return spec.hyper(TUNE_BACKBONE, false) ? images : 0;
        }
        return images * (spec.innerSteps() + 1);
    }

    /**
     * Test episodes adapted at once by MAML and Meta-SGD: up to 8, fewer where the episodes are big.
     * The inner steps keep every step's activations until the batch ends, so 8 episodes of 20-way
     * 5-shot with 15 queries and 5 steps took 13.6 GB (the evaluator was killed for memory).
     */
    private static int evalTasksPerBatch(RunSpec spec, int testInnerSteps) {
        int imagePasses = spec.way() * (spec.shot() + spec.query()) * (testInnerSteps + 1);
        return Math.max(1, Math.min(8, IMAGE_PASSES_PER_CHUNK / imagePasses));
    }

    /**
     * Test episodes the amortized BNN predicts at once: up to 25, fewer where the episodes are big (each image
     * passes the backbone once). One at a time, its prediction is a long chain of small operations: FAITHFUL
     * 5-step's 600 val episodes took 180 s on an H200 one by one and 3 s fifty at a time, and on one CPU thread
     * 25 at a time cut its 30-step run with one val pass from 215 to 80 s
     * (docs/results/2026-12-04-reproduce-gpu0-h200).
     */
    private static int bnnEvalTasksPerBatch(RunSpec spec) {
        int images = spec.way() * (spec.shot() + spec.query());
        return Math.max(1, Math.min(25, IMAGE_PASSES_PER_CHUNK / images));
    }
}
