package io.fewshot.ml.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Column;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.contracts.sweep.PaperTable;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepDefaults;
import io.fewshot.contracts.sweep.TableRow;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.bnn.AmortizedBnn;
import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.bnn.FlipoutDense;
import io.fewshot.ml.bnn.FlipoutNoise;
import io.fewshot.ml.bnn.GaussianLayer;
import io.fewshot.ml.cli.MetaLearningCli;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Benchmarks of the amortized BNN (not tests; see scripts/bench-bnn.sh):
 * <ul>
 * <li>{@code flipout}: forward+backward time of a Flipout dense layer divided by that of the
 * deterministic dense layer of the same shape (Flipout's paper claims at most 2x; our goal 1.5x);
 * <li>{@code omniglot <config> <dataDir> <runsDir> <wallSeconds>}: trains one Omniglot 5-way 1-shot
 * cell of the {@code cpu} profile under a wall-clock budget and evaluates it on the test split
 * (95% CI and ECE); config is faithful-1, faithful-5, improved-1, improved-5 or maml (the baseline);
 * <li>{@code centroid <config> <dataDir>}: nearest centroid on the backbone the config's IMPROVED cell uses (same
 * overrides), no meta-training: the baseline IMPROVED must beat (issue 13, point 7);
 * <li>{@code search <config> <dataDir> <runsDir> <steps>}: for every training objective in
 * {@code BENCH_OBJECTIVES} ({@code objective:draws}, e.g. {@code elbo:1 predictive:3}), beta in {@code BENCH_BETAS}
 * and initial log-variance in {@code BENCH_LOGVARS}, trains {@code steps} steps of the config (same seed)
 * and prints validation accuracy, NLL and ECE as trained and with sigma forced to 0, on
 * {@code BENCH_VAL_EPISODES} fixed val episodes: how beta and the variance initialisation are chosen.
 * </ul>
 */
public final class BnnBench {
    private BnnBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: flipout [threads] | omniglot <config> <dataDir> <runsDir> "
                    + "<wallSeconds> [threads]");
        }
        switch (args[0]) {
            case "flipout" -> {
                Threads.set(args.length > 1 ? Integer.parseInt(args[1]) : 1);
                flipout(32, 25, 784, 256);
                flipout(32, 25, 256, 128);
                flipout(1, 1024, 784, 256);
            }
            case "omniglot" -> {
                Threads.set(args.length > 5 ? Integer.parseInt(args[5]) : 2);
                omniglot(args[1], Path.of(args[2]), Path.of(args[3]), Long.parseLong(args[4]));
            }
            case "centroid" -> {
                Threads.set(args.length > 3 ? Integer.parseInt(args[3]) : 1);
                RunSpec spec = benchSpec(args[1], 0);
                System.out.println(CentroidBaseline.evaluate(spec, Path.of(args[2]), spec.hyper(HyperKeys.TEST_EPISODES,
                        1000)));
            }
            case "search" -> {
                Threads.set(args.length > 5 ? Integer.parseInt(args[5]) : 1);
                search(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            }
            default -> throw new IllegalArgumentException("unknown benchmark '" + args[0] + "'");
        }
    }

    /** Times {@code reps} forward+backward passes of both layers on {@code x [T, B, In]}. */
    static void flipout(int tasks, int batch, int in, int out) {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom rng = new SplittableRandom(1);
            NDArray x = Init.normal(m, rng, new Shape(tasks, batch, in), 1.0);
            Params p = new Params()
                    .put("wm", Init.normal(m, rng, new Shape(tasks, in, out), 0.05))
                    .put("wv", m.full(new Shape(tasks, in, out), -6f))
                    .put("bm", m.zeros(new Shape(tasks, out)))
                    .put("bv", m.full(new Shape(tasks, out), -6f));
            p.requireGradients();
            GaussianLayer layer = new GaussianLayer(p.get("wm"), p.get("wv"), p.get("bm"), p.get("bv"));
            int reps = Integer.getInteger("bench.reps", 30);
            double dense = 0;
            double flip = 0;
            double shared = 0;
            for (int round = 0; round < 3; round++) {
                dense = time(m, p, x, reps, () -> FlipoutDense.atMean(x, layer));
                flip = time(m, p, x, reps, () -> FlipoutDense.forward(x, layer,
                        FlipoutNoise.sample(x.getManager(), tasks, batch, in, out, DataType.FLOAT32)));
                shared = time(m, p, x, reps, () -> FlipoutDense.forward(x, layer,
                        FlipoutNoise.sample(x.getManager(), tasks, batch, in, out, DataType.FLOAT32, true)));
            }
            System.out.printf("flipout T=%d B=%d %dx%d: dense %.2f ms, flipout %.2f ms (ratio %.2fx), flipout with"
                    + " eps shared by the tasks %.2f ms (ratio %.2fx); threads %d%n", tasks, batch, in, out, dense, flip,
                    flip / dense, shared, shared / dense, Threads.get());
        }
    }

    private static double time(NDManager m, Params p, NDArray x, int reps,
            java.util.function.Supplier<NDArray> layer) {
        long start = 0;
        for (int i = -3; i < reps; i++) {
            if (i == 0) {
                start = System.nanoTime();
            }
            try (NDManager scope = m.newSubManager(); Autograd.Scope on = Autograd.enabled()) {
                p.tempAttach(scope);
                x.tempAttach(scope); // the noise is drawn on x's manager: freed with the pass, not kept
                NDArray y = layer.get();
                Autograd.zeroGradients(p);
                Autograd.backward(Ops.pow(y, 2).sum());
            }
        }
        return (System.nanoTime() - start) / 1e6 / reps;
    }

    static void omniglot(String config, Path dataDir, Path runsDir, long wallSeconds) {
        RunSpec spec = benchSpec(config, wallSeconds);
        FewShotDataset data = DatasetLoader.load(dataDir, spec, null);
        long t0 = System.nanoTime();
        JniUtils.setSeed(spec.seed());
        Path dir = runsDir.resolve(spec.runId());
        try (MetaTrainer trainer = new MetaTrainer(spec, data, dir)) {
            System.out.printf("%s: learner ready in %.1f s (includes any backbone pretraining)%n", config,
                    (System.nanoTime() - t0) / 1e9);
            trainer.train(new TrainingListener() {
                @Override
                public void onValidation(long step, double accuracy, boolean best) {
                    System.out.printf("  step %d val %.3f%s%n", step, accuracy, best ? " (best)" : "");
                }
            });
            System.out.printf("%s: trained %d steps%n", config, trainer.step());
        }
        EvaluationResult r = MetaLearningCli.evaluate(spec, data, dir);
        System.out.printf("RESULT %s beta %s: %s%n", config, spec.hyper(HyperKeys.BETA, Double.NaN), r.headline());
    }

    /** The config's cell with the benchmark's wall budget and the environment's overrides (they change the run id). */
    static RunSpec benchSpec(String config, long wallSeconds) {
        RunSpec spec = spec(config).withBudget(new Budget(1_000_000, wallSeconds));
        String episodes = System.getenv("BENCH_TEST_EPISODES");
        if (episodes != null) {
            spec = spec.withHyper(HyperKeys.TEST_EPISODES, Integer.parseInt(episodes));
        }
        String beta = System.getenv("BENCH_BETA");
        if (beta != null) {
            spec = spec.withHyper(HyperKeys.BETA, Double.parseDouble(beta));
        }
        String pretrain = System.getenv("BENCH_PRETRAIN_STEPS");
        if (pretrain != null && !config.equals("maml")) {
            spec = spec.withHyper(BnnSettings.PRETRAIN_STEPS, Integer.parseInt(pretrain));
        }
        return spec;
    }

    /** One short training per (beta, initial log-variance); one table row each on the val pool. */
    static void search(String config, Path dataDir, Path runsDir, int steps) {
        if (config.equals("maml")) {
            throw new IllegalArgumentException("search is for the BNN's configs, not maml");
        }
        String[] betas = env("BENCH_BETAS", "0 1e-4 1e-2 1").trim().split("\\s+");
        String[] logVars = env("BENCH_LOGVARS", "-8 -5 -2").trim().split("\\s+");
        String[] seeds = env("BENCH_SEEDS", "1").trim().split("\\s+");
        String[] objectives = env("BENCH_OBJECTIVES", "elbo:1").trim().split("\\s+");
        int episodes = Integer.parseInt(env("BENCH_VAL_EPISODES", "100"));
        RunSpec cell = spec(config);
        // Hyperparameters are chosen on Vinyals' val classes, so the search trains on train alone.
        RunSpec base = new RunSpec(cell.dataset(), "vinyals", cell.method(), cell.way(), cell.shot(), cell.query(),
                cell.innerSteps(), cell.innerLr(), Budget.steps(steps), cell.seed(), cell.hyperparameters())
                .withHyper(HyperKeys.VALIDATE_EVERY, 0)
                .withHyper(HyperKeys.CHECKPOINT_EVERY, 1_000_000)
                .withHyper(BnnSettings.PRETRAIN_STEPS, Integer.parseInt(env("BENCH_PRETRAIN_STEPS", "2000")))
                // Smaller meta-batches with more queries learn visibly within minutes on one core.
                .withHyper(HyperKeys.META_BATCH, Integer.parseInt(env("BENCH_META_BATCH", "4")))
                .withHyper(HyperKeys.TRAIN_QUERY, Integer.parseInt(env("BENCH_TRAIN_QUERY", "5")));
        FewShotDataset data = DatasetLoader.load(dataDir, base, null);
        System.out.printf("search %s, %d steps each (meta-batch %d, %d training queries per class), %d val episodes"
                + " (%d-way %d-shot, %d queries per class), %d thread(s)%n", config, steps,
                base.hyper(HyperKeys.META_BATCH, 0), base.hyper(HyperKeys.TRAIN_QUERY, 0), episodes, base.way(),
                base.shot(), base.query(), Threads.get());
        System.out.println("| objective:draws | beta | initial log-var | seed | val acc | val NLL | val ECE |"
                + " sigma=0 acc | sigma=0 NLL | sigma=0 ECE | trained log-var | train s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String objective : objectives) {
            String[] od = objective.split(":");
            if (od.length != 2) {
                throw new IllegalArgumentException("BENCH_OBJECTIVES entries are objective:draws, e.g. predictive:3;"
                        + " was '" + objective + "'");
            }
            for (String logVar : logVars) {
                for (String beta : betas) {
                    for (String seed : seeds) {
                        RunSpec b = base.withHyper(BnnSettings.OBJECTIVE, od[0])
                                .withHyper(BnnSettings.TRAIN_SAMPLES, Integer.parseInt(od[1]))
                                .withHyper(HyperKeys.BETA, Double.parseDouble(beta))
                                .withHyper(BnnSettings.INITIAL_LOG_VARIANCE, Double.parseDouble(logVar));
                        searchRow(new RunSpec(b.dataset(), b.split(), b.method(), b.way(), b.shot(), b.query(),
                                b.innerSteps(), b.innerLr(), b.budget(), Long.parseLong(seed), b.hyperparameters()),
                                data, runsDir, episodes, objective + " | " + beta + " | " + logVar + " | " + seed);
                    }
                }
            }
        }
    }

    /** Trains {@code spec} and prints its row: val metrics as trained and with sigma = 0. */
    private static void searchRow(RunSpec spec, FewShotDataset data, Path runsDir, int episodes, String key) {
        JniUtils.setSeed(spec.seed());
        long t0 = System.nanoTime();
        try (MetaTrainer trainer = new MetaTrainer(spec, data, runsDir.resolve(spec.runId()))) {
            trainer.train(TrainingListener.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            TrainingSettings s = trainer.settings();
            AmortizedBnn bnn = (AmortizedBnn) trainer.learner();
            EvaluationResult r = Evaluator.evaluate(bnn, data, "val", spec.way(), spec.shot(), s.testQuery(),
                    episodes, s.evalSeed(), s.evalTasksPerBatch(), n -> { });
            EvaluationResult d = Evaluator.evaluate(bnn.deterministic(), data, "val", spec.way(), spec.shot(),
                    s.testQuery(), episodes, s.evalSeed(), s.evalTasksPerBatch(), n -> { });
            System.out.printf("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f | %.0f |%n", key,
                    r.accuracy(), r.calibration().nll(), r.calibration().ece(), d.accuracy(), d.calibration().nll(),
                    d.calibration().ece(), meanLogVariance(bnn), seconds);
        }
    }

    /** The weight log-variance heads' shared base, averaged over every weight of the BNN. */
    private static double meanLogVariance(AmortizedBnn bnn) {
        double sum = 0;
        long n = 0;
        for (int l = 0; l < bnn.network().layers(); l++) {
            NDArray base = bnn.parameters().get("hyper.layer" + l + ".weightLogVar.base");
            sum += base.sum().toType(DataType.FLOAT64, false).getDouble();
            n += base.size();
        }
        return sum / n;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The cpu-profile spec of a cell, with the variant set for the BNN configurations. */
    static RunSpec spec(String config) {
        Column c = new Column(5, 1);
        return switch (config) {
            case "maml" -> SweepDefaults.spec(Profile.CPU, PaperTable.OMNIGLOT, TableRow.MAML, c);
            case "faithful-1", "improved-1" -> SweepDefaults.spec(Profile.CPU, PaperTable.OMNIGLOT,
                    TableRow.AMORTIZED_BNN_1, c).withHyper(HyperKeys.VARIANT, config.substring(0, config.indexOf('-')));
            case "faithful-5", "improved-5" -> SweepDefaults.spec(Profile.CPU, PaperTable.OMNIGLOT,
                    TableRow.AMORTIZED_BNN_5, c).withHyper(HyperKeys.VARIANT, config.substring(0, config.indexOf('-')));
            default -> throw new IllegalArgumentException("unknown config '" + config
                    + "'; expected faithful-1, faithful-5, improved-1, improved-5 or maml");
        };
    }
}
