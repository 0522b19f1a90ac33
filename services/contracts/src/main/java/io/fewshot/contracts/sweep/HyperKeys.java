package io.fewshot.contracts.sweep;

/**
 * The names of the hyperparameters in {@code RunSpec.hyperparameters()}: what the planner writes and
 * the engine reads. Values and their sources are in {@link SweepDefaults}.
 */
public final class HyperKeys {
    /** Outer-loop Adam learning rate. */
    public static final String LR = "lr";
    /**
     * "constant", "step" (multiply by {@link #LR_DECAY_FACTOR} every {@link #LR_DECAY_EVERY} steps), "cosine" (to
     * zero at {@link #LR_SCHEDULE_STEPS}) or "cosine-wall" (to zero at the budget's wall seconds).
     */
    public static final String LR_SCHEDULE = "lrSchedule";
    public static final String LR_DECAY_EVERY = "lrDecayEvery";
    public static final String LR_DECAY_FACTOR = "lrDecayFactor";
    /**
     * The steps a cosine schedule decays over (absent: the budget's steps). A run retrained up to a step its
     * selection run chose before its end keeps the selection run's horizon, so it follows the same rates.
     */
    public static final String LR_SCHEDULE_STEPS = "lrScheduleSteps";

    /** Classes per TRAINING episode (Prototypical Networks train with more ways than they test). */
    public static final String TRAIN_WAY = "trainWay";
    /** Query examples per class in TRAINING episodes; {@code RunSpec.query} is the test-time value. */
    public static final String TRAIN_QUERY = "trainQuery";
    /** Tasks per outer step. */
    public static final String META_BATCH = "metaBatch";
    /** Inner steps at test time; {@code RunSpec.innerSteps} is the training value. */
    public static final String TEST_INNER_STEPS = "testInnerSteps";
    /** First-order approximation of the meta-gradient (MAML's option). */
    public static final String FIRST_ORDER = "firstOrder";

    /** Conv-4 width (filters per layer). */
    public static final String FILTERS = "filters";
    /**
     * MAML and Meta-SGD's Conv-4: "pooled" (3x3 conv, batch norm, ReLU, 2x2 max-pool per block) or
     * "strided" (Finn et al.'s Omniglot network: stride-2 convolutions, no pooling, features averaged
     * over the last map). Absent: pooled.
     */
    public static final String NETWORK = "network";
    /** Matching Networks' full context embeddings. */
    public static final String FCE = "fce";
    /** Matching Networks with FCE: steps of the attention LSTM that refines each query (absent or 0: 5). */
    public static final String FCE_STEPS = "fceSteps";
    /** Matching Networks: the initial value of the learned scale on the cosine similarities. */
    public static final String COSINE_SCALE = "cosineScale";
    /** Episodes evaluated per call at validation and test (absent: sized from the episode). */
    public static final String EVAL_TASKS_PER_BATCH = "evalTasksPerBatch";

    /** Validate every this many steps; a value above the budget's steps means never. */
    public static final String VALIDATE_EVERY = "validateEvery";
    public static final String VALIDATION_EPISODES = "validationEpisodes";
    /** Episodes the evaluator runs on the meta-test classes. */
    public static final String TEST_EPISODES = "testEpisodes";
    public static final String CHECKPOINT_EVERY = "checkpointEvery";
    /**
     * Tasks of a meta-batch whose graph is held in memory at once; the meta-gradient is accumulated
     * over chunks, so the result is the same. Absent: sized from the episode (see TrainingSettings).
     */
    public static final String TASKS_PER_CHUNK = "tasksPerChunk";

    /** Amortized BNN: "faithful" (MLP on pixels) or "improved" (BNN on the task encoder's features). */
    public static final String VARIANT = "variant";
    /** Amortized BNN: weight of the KL term. */
    public static final String BETA = "beta";
    /** Amortized BNN: posterior samples averaged at prediction time. */
    public static final String SAMPLES = "samples";
    /** Amortized BNN: hidden layer sizes of the task network, dash-separated, e.g. "256-128-64-64". */
    public static final String HIDDEN = "hidden";
    /** Amortized BNN: supervised pretraining steps of the feature extractor (once per dataset version). */
    public static final String PRETRAIN_STEPS = "pretrainSteps";
    /** Amortized BNN: train a copy of the pretrained Conv-4 with the hypernetwork instead of keeping it frozen. */
    public static final String TUNE_BACKBONE = "tuneBackbone";

    /**
     * Which stored version of the dataset a run reads (absent: the latest committed one); read by the services'
     * dataset cache, not by the engine.
     */
    public static final String DATASET_VERSION = "datasetVersion";

    private HyperKeys() {
    }
}
