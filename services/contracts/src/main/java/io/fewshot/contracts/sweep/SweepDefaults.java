package io.fewshot.contracts.sweep;

import static io.fewshot.contracts.sweep.HyperKeys.*;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every hyperparameter of the sweep, in one place: the published configuration of each cell of the
 * paper's Tables 1 and 2, and what each profile changes (budget and episode counts, nothing else).
 *
 * <p>Sources. MAML: Finn, Abbeel &amp; Levine, ICML 2017, section 5.2 (Omniglot 5-way: 1 inner step of
 * 0.4, 3 at test, 32 tasks per batch; 20-way: 5 steps of 0.1 in training and test, 16 tasks;
 * miniImageNet: 5 steps of 0.01, 10 at test, 15 query per class, 4 tasks for 1-shot and 2 for
 * 5-shot, 32 filters; all 60,000 iterations; Adam 1e-3; its reference code samples as many query as
 * support examples per class on Omniglot). Prototypical Networks: Snell, Swersky &amp; Zemel,
 * NeurIPS 2017 (Adam 1e-3 halved every 2,000 episodes; train 60-way with 5 query on Omniglot,
 * 30-way (1-shot) / 20-way (5-shot) with 15 query on miniImageNet; training shot = test shot).
 * Matching Networks: Vinyals et al. 2016; full context embeddings on miniImageNet only, where the
 * paper's number (46.6 / 60.0) is Vinyals et al.'s "Matching Nets FCE" result, and off on Omniglot,
 * where theirs (98.1 ...) is without FCE; the paper gives no schedule, so we take 60,000 (1-shot) /
 * 40,000 (5-shot) episodes from Chen et al., "A Closer Look at
 * Few-shot Classification", ICLR 2019. Meta-SGD: Li et al. 2017, one adaptation step with learned
 * per-parameter rates; we start the rates at MAML's step size for the setting and use MAML's batch
 * and schedule. Amortized BNN: Kim &amp; Heo (METHOD.md): 1 step of 1.0 or 5 steps of 0.5; the paper
 * gives no schedule, batch, beta or sample count, so it gets MAML's task sampling and schedule (the
 * baseline it is compared with) and the values below.
 *
 * <p>Where we differ from the brief we were given: 20-way Omniglot MAML trains with 5 inner steps
 * (Finn et al.), not 1; miniImageNet 5-shot MAML/Meta-SGD batch 2 tasks, not 4 (Finn et al.).
 */
public final class SweepDefaults {
    /**
     * Query examples per class in TEST episodes, in every cell: 15, the standard of Ravi &amp;
     * Larochelle and Snell et al. Also on 20-way Omniglot, where some report 5: one protocol for all
     * 36 cells, and more queries only narrow the confidence interval.
     */
    public static final int TEST_QUERY = 15;

    /** One seed for every profile: profiles differ in budget and episode counts only. */
    public static final long SEED = 1;

    /** The hyperparameters a profile sets; every other one is the same in every profile. */
    public static final Set<String> SCHEDULE_KEYS = Set.of(VALIDATE_EVERY, VALIDATION_EPISODES, TEST_EPISODES,
            CHECKPOINT_EVERY, PRETRAIN_STEPS);

    /**
     * The smoke profile's feature-extractor pretraining (the amortized BNN's): enough to exercise
     * the path, not the 2,000 steps of the other profiles. The extractor store keys by step count,
     * so a smoke extractor never serves a real run.
     */
    static final int SMOKE_PRETRAIN_STEPS = 100;

    /**
     * The quick profile's feature-extractor pretraining: one backbone for every Omniglot BNN cell,
     * counted in {@link #QUICK_PRETRAIN_SECONDS}; its own store entry (keyed by step count).
     */
    static final int QUICK_PRETRAIN_STEPS = 500;

    private SweepDefaults() {
    }

    /**
     * The Omniglot split of the final runs: Vinyals' train and val classes as one training pool (4,800
     * rotated classes; the engine's {@code SplitSchemes}), tested on its test pool, with no validation.
     */
    public static final String OMNIGLOT_TRAINVAL = "vinyals-trainval";

    /** The run spec of one cell under one profile. */
    public static RunSpec spec(Profile profile, PaperTable table, TableRow row, Column column) {
        Map<String, Object> h = new TreeMap<>(published(table, row, column));
        h.putAll(schedule(profile));
        String split = split(table);
        if (!split.equals(table.split())) {
            // Trained on the validation classes too: nothing is left to validate on; the final weights are tested.
            h.put(VALIDATE_EVERY, 0);
            h.remove(VALIDATION_EPISODES);
        }
        if (profile == Profile.SMOKE && row.method() == Method.AMORTIZED_BNN) {
            h.put(PRETRAIN_STEPS, SMOKE_PRETRAIN_STEPS);
        }
        if (profile == Profile.QUICK && row.method() == Method.AMORTIZED_BNN) {
            h.put(PRETRAIN_STEPS, QUICK_PRETRAIN_STEPS);
            // Each complete draw repeats generation and adaptation, and the sigma = 0 view is one more pass:
            // 10 draws made a BNN cell's 100 test episodes cost minutes on the one-thread evaluator.
            h.put(SAMPLES, QUICK_BNN_SAMPLES);
        }
        if (profile == Profile.QUICK && table == PaperTable.OMNIGLOT && column.way() == 20
                && (row.method() == Method.MAML || row.method() == Method.META_SGD)) {
            // At meta-batch 16 a 20-way second-order step takes 3-14 CPU s: the caps allowed 11-30 steps and
            // the cells ended at 10-24% (chance 5%). A quarter of the batch gives four times the updates.
            h.put(META_BATCH, QUICK_20_WAY_META_BATCH);
        }
        boolean omniglot = table == PaperTable.OMNIGLOT;
        return new RunSpec(table.dataset(), split, row.method(), column.way(), column.shot(), TEST_QUERY,
                trainInnerSteps(omniglot, row, column), innerLr(omniglot, row, column),
                budget(profile, omniglot, row, column), SEED, h);
    }

    /**
     * Vinyals et al., Snell et al. and Finn et al. report Omniglot test accuracy after training on the
     * 1,200 characters of train + val (hyperparameters chosen on val beforehand), so every Omniglot cell
     * trains on {@link #OMNIGLOT_TRAINVAL}, in every profile (profiles differ in budget and episode counts
     * only; the smoke profile's miniImageNet cells still exercise validation). On miniImageNet the
     * published runs train on Ravi's 64 training classes: unchanged, still validated on its 16 val classes.
     */
    private static String split(PaperTable table) {
        return table == PaperTable.OMNIGLOT ? OMNIGLOT_TRAINVAL : table.split();
    }

    // --- the published configuration of a cell (identical in every profile) ---------------------

    private static Map<String, Object> published(PaperTable table, TableRow row, Column column) {
        boolean omniglot = table == PaperTable.OMNIGLOT;
        Map<String, Object> h = new TreeMap<>();
        h.put(LR, 1e-3);
        h.put(LR_SCHEDULE, "constant");
        h.put(TRAIN_WAY, column.way());
        h.put(META_BATCH, 1);
        h.put(FILTERS, 64);
        switch (row.method()) {
            case MATCHING_NETS -> {
                h.put(FCE, !omniglot);
                h.put(TRAIN_QUERY, omniglot ? 5 : 15);
            }
            case PROTO_NETS -> {
                h.put(LR_SCHEDULE, "step");
                h.put(LR_DECAY_EVERY, 2000);
                h.put(LR_DECAY_FACTOR, 0.5);
                h.put(TRAIN_WAY, omniglot ? 60 : column.shot() == 1 ? 30 : 20);
                h.put(TRAIN_QUERY, omniglot ? 5 : 15);
            }
            case MAML, META_SGD, AMORTIZED_BNN -> {
                h.put(META_BATCH, omniglot ? (column.way() == 5 ? 32 : 16) : (column.shot() == 1 ? 4 : 2));
                // Finn et al. train MAML on Omniglot with as many queries per class as shots. The BNN's paper is
                // silent; on one query its outer gradient was too noisy: FAITHFUL 5-step tested 85.76 against 82.45
                // in one core-hour on 15 (docs/results/2026-12-04-faithful-5-train-query-15-1h).
                h.put(TRAIN_QUERY, omniglot && row.method() != Method.AMORTIZED_BNN ? column.shot() : TEST_QUERY);
                h.put(TEST_INNER_STEPS, testInnerSteps(omniglot, row, column));
                h.put(FIRST_ORDER, false);
                if (row.method() != Method.AMORTIZED_BNN) {
                    // Finn et al.'s networks: on Omniglot stride-2 convolutions and no pooling, on
                    // miniImageNet max-pool with 32 filters (their paper, section 5.2, and released code).
                    h.put(NETWORK, omniglot ? "strided" : "pooled");
                    if (!omniglot) {
                        h.put(FILTERS, 32);
                    }
                }
            }
        }
        if (row.method() == Method.AMORTIZED_BNN) {
            h.put(VARIANT, "faithful");
            // The ELBO's temperature: loss = mean query NLL + (beta/|D|) x KL summed over every weight
            // (io.fewshot.ml.bnn.AmortizedBnn#loss); beta = 1 stays at chance. Chosen on val NLL and ECE by
            // `scripts/bench-bnn.sh search` (table in docs/architecture.md); the engine's default too.
            h.put(BETA, 1e-5);
            h.put(SAMPLES, 10);
            // MAML's fully connected baseline, which the paper's Omniglot numbers match (METHOD.md).
            h.put(HIDDEN, "256-128-64-64");
        }
        return h;
    }

    private static int trainInnerSteps(boolean omniglot, TableRow row, Column column) {
        return switch (row) {
            case MATCHING_NETS, PROTO_NETS -> 0;
            case MAML -> omniglot && column.way() == 5 ? 1 : 5;
            case META_SGD, AMORTIZED_BNN_1 -> 1;
            case AMORTIZED_BNN_5 -> 5;
        };
    }

    private static int testInnerSteps(boolean omniglot, TableRow row, Column column) {
        if (row != TableRow.MAML) {
            return trainInnerSteps(omniglot, row, column);
        }
        return omniglot ? (column.way() == 5 ? 3 : 5) : 10;
    }

    /** MAML's step size for the setting; Meta-SGD's initial per-parameter rate. */
    private static double innerLr(boolean omniglot, TableRow row, Column column) {
        return switch (row) {
            case MATCHING_NETS, PROTO_NETS -> 0.0;
            case MAML, META_SGD -> omniglot ? (column.way() == 5 ? 0.4 : 0.1) : 0.01;
            case AMORTIZED_BNN_1 -> 1.0;
            case AMORTIZED_BNN_5 -> 0.5;
        };
    }

    // --- what a profile changes ------------------------------------------------------------------

    /** The validation, test and checkpoint cadence of a profile ({@link #SCHEDULE_KEYS}, less pretraining). */
    public static Map<String, Object> schedule(Profile profile) {
        return switch (profile) {
            // Validation runs once (at the last step) so the chain's validation path is exercised too
            // (by the miniImageNet cells: the Omniglot ones have no val pool, see split()).
            case SMOKE -> Map.of(VALIDATE_EVERY, 10, VALIDATION_EPISODES, 5, TEST_EPISODES, 20,
                    CHECKPOINT_EVERY, 5);
            // 100 test episodes: a CI95 of about +-1 to 2 points, at a cost well below the training's
            // (QUICK_EVALUATION_SECONDS); validation only on miniImageNet, cheaply.
            case QUICK -> Map.of(VALIDATE_EVERY, 100, VALIDATION_EPISODES, 20, TEST_EPISODES, QUICK_TEST_EPISODES,
                    CHECKPOINT_EVERY, 100);
            // 600 test episodes: the minimum of the standard protocol (METHOD.md).
            case CPU -> Map.of(VALIDATE_EVERY, 500, VALIDATION_EPISODES, 100, TEST_EPISODES, 600,
                    CHECKPOINT_EVERY, 250);
            case PAPER -> Map.of(VALIDATE_EVERY, 1000, VALIDATION_EPISODES, 600, TEST_EPISODES, 1000,
                    CHECKPOINT_EVERY, 1000);
        };
    }

    private static Budget budget(Profile profile, boolean omniglot, TableRow row, Column column) {
        Method method = row.method();
        boolean metric = method == Method.MATCHING_NETS || method == Method.PROTO_NETS;
        return switch (profile) {
            // A plumbing check, not a measurement: 24 Omniglot cells must pass through in minutes, so
            // the wall cap binds for MAML, Meta-SGD and the BNN (a step in progress always completes).
            case SMOKE -> new Budget(10, 15);
            case QUICK -> omniglot ? quickOmniglot(row, column) : QUICK_MINI_IMAGENET;
            // On 2 cores the wall-clock cap is what binds (ProtoNets 60-way Omniglot runs ~1-2 episodes/s,
            // a 30-way miniImageNet episode takes seconds); the step counts bound faster machines.
            // Whole profile: 24 x 10 min + 12 x 15 min of training, about 7 hours, plus evaluation.
            case CPU -> omniglot
                    ? new Budget(metric ? 3000 : 2000, 600)
                    : new Budget(metric ? 1000 : 500, 900);
            case PAPER -> Budget.steps(switch (method) {
                case MATCHING_NETS -> column.shot() == 1 ? 60_000 : 40_000;
                // Halving every 2,000 episodes leaves 1/1024 of the rate at 20,000: later steps change nothing.
                case PROTO_NETS -> 20_000;
                case MAML, META_SGD, AMORTIZED_BNN -> 60_000;
            });
        };
    }

    // --- the quick profile: the main command's default -------------------------------------------

    /**
     * Test episodes of a quick cell: a 95% CI of about 1-2 points. Their cost, measured like the
     * training below: 0.02-0.34 CPU s an episode, about 300 s for the 24 Omniglot cells, on the
     * evaluator's one thread beside the two training workers; it slows training (which the caps bound)
     * and adds only the last cells' evaluation to the wall time.
     */
    static final int QUICK_TEST_EPISODES = 100;

    /** The published settings that the quick profile changes for some cells (below), besides the schedule. */
    static final Set<String> QUICK_DEPARTURES = Set.of(SAMPLES, META_BATCH);
    /** Complete posterior draws a quick BNN cell averages at evaluation (published: 10). */
    static final int QUICK_BNN_SAMPLES = 3;
    /** Meta-batch of the quick profile's 20-way MAML and Meta-SGD cells (published: 16). */
    static final int QUICK_20_WAY_META_BATCH = 4;

    /** The wall time the quick profile's Omniglot table must finish in, on 2 cores. */
    static final long QUICK_LIMIT_SECONDS = 20 * 60;
    /** Training workers of the local sweep (scripts/sweep-local.sh: two one-thread runs at once). */
    static final int QUICK_WORKERS = 2;
    /**
     * From sweep-local.sh's start to the sweep's submission: Kafka and S3, the four services ready and
     * Omniglot ingested. Measured 40 s (a SweepLocalIT log, machine loaded) and 52 s (sweep-local.sh, 2
     * smoke cells, load 4-7); taken as 90 s. Not the first build (minutes; once per checkout).
     */
    static final long QUICK_START_SECONDS = 90;
    /**
     * Per cell, outside its cap: the step in progress when the cap strikes (it completes; 0.04-14 CPU s,
     * 36 s summed over the 24 cells), set-up, checkpoint upload and events (about 2 s).
     */
    static final long QUICK_CELL_OVERHEAD_SECONDS = 5;
    /**
     * The amortized BNN's feature extractor ({@link #QUICK_PRETRAIN_STEPS} steps at 0.11 CPU s, 55 s),
     * which no cap bounds: the trainer's FeatureExtractorStore pretrains it once and every Omniglot BNN
     * cell loads it, but two workers that start BNN cells together both miss the store and both pretrain
     * it (the first to finish stores it), so it is counted twice.
     */
    static final long QUICK_PRETRAIN_SECONDS = 2 * 55;
    /** After the last cell's training: its evaluation (at most 20 CPU s) and the sweep's closing. */
    static final long QUICK_TAIL_SECONDS = 60;

    /**
     * One quick Omniglot cell: a wall cap, and the steps that a quiet machine reaches in about that time
     * (so that a faster one stops at the same step, and the number means the same).
     *
     * <p>Measured throughput, one thread, CPU seconds per step (the machine was shared, load 10 on 2
     * cores, so CPU time rather than wall time; QuickBench over 6 steps, first step included), columns
     * 5w1s / 5w5s / 20w1s / 20w5s:
     * <pre>
     *   Matching Nets   0.035 / 0.053 / 0.133 / 0.255     cap 45 s each
     *   ProtoNet        0.69  / 1.08  / 0.59  / 1.01      (60-way training) cap 60 s each
     *   MAML            0.41  / 1.55  / 2.84  / 13.7      (meta-batch 32 / 16) caps 60, 75, 90, 150 s
     *   Meta-SGD        0.36  / 1.81  / 0.66  / 3.56      caps 60, 75, 60, 90 s
     *   BNN, 1 step     0.46  / 0.95  / 0.46  / 1.46      caps 60, 60, 60, 75 s
     *   BNN, 5 steps    0.84  / 1.22  / 0.55  / 1.71      caps 60, 60, 60, 75 s
     * </pre>
     * The arithmetic (checked by SweepPlannerTest): caps 1,590 s, plus 24 x 5 s of overhead, plus the
     * extractor twice (110 s), over 2 workers: 910 s; plus the longest cell's cap and overhead over 2
     * (155 / 2 = 77 s, greedy scheduling's worst case), start-up and ingest (90 s) and the tail (60 s):
     * 1,137 s = 19.0 min <= 20 min. Under load the caps still bound every cell; only start-up, the
     * extractor and the overheads stretch.
     *
     * <p>Checked through fsb-ml train, one thread: MAML 20-way 5-shot, the cell with fewest steps, at its
     * 11 steps 28.9% +- 0.9 (chance 5%); BNN 5 steps 5-way 1-shot under its 60 s cap at load 12 (18 of
     * its 70 steps; the 500-step extractor took 185 s there) 51.1% +- 2.5 (chance 20%).
     */
    private static Budget quickOmniglot(TableRow row, Column column) {
        int c = PaperTable.OMNIGLOT.columns().indexOf(column);
        return switch (row) {
            case MATCHING_NETS -> new Budget(new int[] {1300, 850, 340, 180}[c], 45);
            case PROTO_NETS -> new Budget(new int[] {90, 60, 90, 60}[c], 60);
            // 20-way: meta-batch 4 instead of 16 (see spec), so four times the steps measured at 16.
            case MAML -> new Budget(new int[] {150, 50, 120, 44}[c], new int[] {60, 75, 90, 150}[c]);
            case META_SGD -> new Budget(new int[] {170, 40, 360, 100}[c], new int[] {60, 75, 60, 90}[c]);
            case AMORTIZED_BNN_1 -> new Budget(new int[] {130, 60, 130, 50}[c], new int[] {60, 60, 60, 75}[c]);
            case AMORTIZED_BNN_5 -> new Budget(new int[] {70, 50, 110, 44}[c], new int[] {60, 60, 60, 75}[c]);
        };
    }

    /**
     * miniImageNet under the quick profile (only when a source is given: its images cannot be
     * downloaded): 5 minutes a cell, 12 cells, 30 minutes more on 2 cores, and a few dozen steps, not a
     * measurement to read beside the paper's (a 30-way 84x84 ProtoNet step takes seconds on one core).
     */
    private static final Budget QUICK_MINI_IMAGENET = new Budget(200, 300);

    /**
     * The wall time that the quick profile's arithmetic (above) gives for these cells on
     * {@link #QUICK_WORKERS} workers.
     */
    static long quickWallSeconds(java.util.Collection<RunSpec> cells) {
        long work = 0;
        long longest = 0;
        boolean bnn = false;
        for (RunSpec s : cells) {
            long cell = s.budget().wallSeconds() + QUICK_CELL_OVERHEAD_SECONDS;
            work += cell;
            longest = Math.max(longest, cell);
            bnn |= s.method() == Method.AMORTIZED_BNN;
        }
        work += bnn ? QUICK_PRETRAIN_SECONDS : 0;
        return QUICK_START_SECONDS + work / QUICK_WORKERS + longest / QUICK_WORKERS + QUICK_TAIL_SECONDS;
    }
}
