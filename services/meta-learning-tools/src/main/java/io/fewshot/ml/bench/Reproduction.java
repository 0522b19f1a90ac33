package io.fewshot.ml.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.LocalFiles;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.HyperKeys;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.cli.MetaLearningCli;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.dataset.format.SplitSchemes;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.methods.LrSchedule;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaLearners;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.PredictionNoiseChoice;
import io.fewshot.ml.train.RunEvaluation;
import io.fewshot.ml.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runner behind scripts/bench-reproduce.sh: trains one row of the Omniglot 5-way 1-shot column per JVM
 * within a wall budget (pretraining included), validating on a wall-clock cadence, tests the best
 * checkpoint once, and writes the row's JSON; {@code report} then writes the table and the plot.
 *
 * <pre>
 * Reproduction device                      prints the device DJL trains on (e.g. cpu, gpu0)
 * Reproduction rows                        prints every row id
 * Reproduction row --row ID --out DIR --runs DIR --data DIR [--profile cpu|paper] [--wall-seconds S]
 *                  [--validate-seconds V] [--test-episodes N] [--threads T] [--steps N]
 *                  [--lr-schedule constant|step|cosine|cosine-wall] [--hyper key=value[,key=value...]] [--continue true]
 *                  [--choice-episodes N] [--seed N]
 * </pre>
 * A BNN row whose spec leaves {@code predictionNoise} open scores each noise on --choice-episodes val episodes
 * (default 300) and is tested under val's choice ({@link PredictionNoiseChoice}: {@code all} unless another view's
 * NLL is distinctly lower); its retraining is tested under the same choice.
 * {@code --seed} trains from another seed than the published cell's (a repeat; {@code --hyper evalSeed=N} draws
 * fresh val and test episodes too).
 * {@code --steps} caps meta-training at N steps instead of the published schedule's (a cosine schedule then
 * decays over N; {@code cosine-wall} decays over the --wall-seconds instead, whatever the machine's speed);
 * {@code --hyper} sets method hyperparameters on the row's spec (e.g. the BNN's
 * {@code objective=predictive,trainSamples=3}; the run id changes with them); {@code --continue true}
 * continues the row's run in --runs to the larger --wall-seconds instead of starting afresh: the same spec but
 * for the budget, its steps, seconds and best checkpoint carried on, and the curve of the earlier sessions (read
 * from OUT/ID.json, which the longer row's result then replaces) kept;
 * a continuation stopped midway can be continued again, but its own validations are then missing from the curve.
 * <pre>
 * Reproduction retrain --row ID --from DIR --out DIR --runs DIR --data DIR [--threads T]
 * </pre>
 * {@code retrain} follows the papers' protocol on top of a row's result in --from (trained on train, its
 * checkpoint chosen on val): the same spec trains afresh on train + val for exactly the chosen step count, with
 * no validation (val is training data now), and its last checkpoint is tested once on the same test episodes.
 * <pre>
 * Reproduction report DIR                  writes DIR/README.md (keeping its "## " sections) and DIR/curves.svg
 *                                          from DIR/*.json
 * </pre>
 */
public final class Reproduction {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * Val episodes on which each of the BNN's prediction noises is scored before the test (three views, each with
     * its sigma = 0 pass: about as long as the test of 1000 episodes).
     */
    static final int PREDICTION_CHOICE_EPISODES = 300;
    /** Seconds between training progress lines in the log (validations print their own). */
    private static final double PROGRESS_SECONDS = 60;

    private Reproduction() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("reproduction: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("expected device | rows | row ... | retrain ... | report DIR");
        }
        switch (args[0]) {
            case "device" -> System.out.println(deviceName(Engine.getInstance().defaultDevice().toString()));
            case "rows" -> Arrays.stream(ReproductionRow.values()).forEach(r -> System.out.println(r.id()));
            case "row" -> row(options(Arrays.copyOfRange(args, 1, args.length)));
            case "retrain" -> retrain(options(Arrays.copyOfRange(args, 1, args.length)));
            case "report" -> {
                if (args.length != 2) {
                    throw new IllegalArgumentException("report takes the results folder");
                }
                report(Path.of(args[1]));
            }
            default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
        }
    }

    /** DJL's device as a folder-name segment: cpu() -> cpu, gpu(0) -> gpu0. */
    static String deviceName(String djlDevice) {
        return djlDevice.replaceAll("[^A-Za-z0-9]", "");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private static long positive(Map<String, String> o, String key, long defaultValue) {
        return positive("--" + key, o.getOrDefault(key, Long.toString(defaultValue)));
    }

    private static int positiveInt(Map<String, String> o, String key, int defaultValue) {
        return positiveInt("--" + key, o.getOrDefault(key, Integer.toString(defaultValue)));
    }

    /** {@code value} as a positive int, or an error that names {@code name}; shared by the bench tools. */
    static int positiveInt(String name, String value) {
        long n = positive(name, value);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is too large: " + n);
        }
        return (int) n;
    }

    private static boolean flag(Map<String, String> o, String key) {
        String v = o.getOrDefault(key, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + key + " must be true or false, was '" + v + "'");
        }
        return v.equals("true");
    }

    /** {@code value} as a positive integer, or an error that names {@code name}; shared by the bench tools. */
    static long positive(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'");
    }

    private static void row(Map<String, String> o) throws IOException {
        ReproductionRow row = ReproductionRow.fromId(required(o, "row"));
        Profile profile = Profile.fromId(o.getOrDefault("profile", "cpu"));
        if (profile == Profile.SMOKE) {
            throw new IllegalArgumentException("--profile must be cpu or paper");
        }
        long wall = positive(o, "wall-seconds", 3600);
        long validateSeconds = positive(o, "validate-seconds", 300);
        int testEpisodes = positiveInt(o, "test-episodes", 1000);
        int choiceEpisodes = positiveInt(o, "choice-episodes", PREDICTION_CHOICE_EPISODES);
        Threads.set(positiveInt(o, "threads", 1));
        Path out = Path.of(required(o, "out"));
        Path runDir = Path.of(required(o, "runs")).resolve(row.id());
        String device = Engine.getInstance().defaultDevice().toString();
        String tag = "[" + row.id() + "]";

        // Bad options fail before any work; the backbone is pretrained for the spec as overridden.
        RunSpec checked = overridden(row.spec(profile, wall, validateSeconds, testEpisodes), o);
        FewShotDataset data = DatasetLoader.load(Path.of(required(o, "data")), "omniglot", ReproductionRow.SPLIT,
                null);
        log("%s %s profile, device %s, budget %d s, validating every %d s, data %s", tag, profile.id(), device,
                wall, validateSeconds, data);
        double pretrainSeconds = pretrain(checked, data, tag);
        long trainBudget = wall - Math.round(pretrainSeconds);
        if (trainBudget <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s pretraining took %.0f s, the whole "
                    + "budget of %d s: raise --wall-seconds", row.id(), pretrainSeconds, wall));
        }
        RunSpec spec = overridden(row.spec(profile, trainBudget, validateSeconds, testEpisodes), o);
        boolean continuing = flag(o, "continue");
        LearningCurve curve = continuing ? earlierCurve(out.resolve(row.id() + ".json"), spec) : new LearningCurve();
        if (!continuing) {
            LocalFiles.deleteTree(runDir);
        }
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("spec.json"), JSON.writeValueAsString(spec));

        long trainStart = System.nanoTime();
        MetaTrainer.Outcome outcome;
        double earlierSeconds;
        try (MetaTrainer trainer = continuing ? MetaTrainer.extending(spec, data, runDir)
                : new MetaTrainer(spec, data, runDir)) {
            earlierSeconds = trainer.trainSeconds();
            if (continuing) {
                if (trainer.step() == 0) {
                    throw new IllegalArgumentException("--continue: no checkpoint to continue in " + runDir);
                }
                log("%s continuing from step %d after %.0f s of training", tag, trainer.step(), earlierSeconds);
            }
            double offset = pretrainSeconds + earlierSeconds;
            outcome = trainer.train(listener(tag, trainStart, offset, wall, curve));
        }
        double trainSeconds = earlierSeconds + seconds(trainStart);
        log("%s trained %d steps in %.0f s (%s); testing the best checkpoint on %d episodes", tag, outcome.steps(),
                trainSeconds, outcome.reason(), testEpisodes);
        PredictionNoiseChoice choice = choosesPredictionNoise(spec)
                ? PredictionNoiseChoice.onVal(spec, data, runDir, choiceEpisodes,
                        FeatureExtractorStore.fromEnvironment(), line -> log("%s %s", tag, line))
                : null;
        EvaluationResult r = RunEvaluation.evaluate(testSpec(spec, choice), data, runDir, done -> { });
        double wallSeconds = pretrainSeconds + earlierSeconds + seconds(trainStart);
        JsonNode eval = JSON.readTree(runDir.resolve("eval.json").toFile());
        LearningCurve.Point best = curve.best().orElseThrow(() -> new IllegalStateException(row.id()
                + " never validated: no best checkpoint was chosen"));
        if (eval.path("trainedSteps").asLong() != best.step()) {
            throw new IllegalStateException(row.id() + ": the tested checkpoint is from step "
                    + eval.path("trainedSteps").asLong() + " but the curve's best is step " + best.step());
        }
        RowResult result = new RowResult(row.id(), row.label(), profile.id(), "train " + ReproductionRow.SPLIT
                + " (train), select on val, test once", device, JSON.valueToTree(spec), spec.runId(), wall,
                outcome.steps(), pretrainSeconds, trainSeconds, wallSeconds, curve.points(), best.step(),
                best.accuracy(), r.episodes(), r.accuracy(), r.ci95(), r.calibration().nll(), r.calibration().ece(),
                row.paperPercent(), RowResult.gapToPaperMinus1(r.accuracy(), row.paperPercent()), evalFile(row),
                r.minusDeterministic(), choice);
        publish(result, runDir, out);
        log("%s test %s; paper %.1f, gap to paper - 1: %+.2f points; wall %.0f s", tag, r.headline(),
                row.paperPercent(), result.gapToPaperMinus1(), wallSeconds);
    }

    /** {@code retrain}: see the class comment. The result counts the selection run's seconds as well. */
    private static void retrain(Map<String, String> o) throws IOException {
        ReproductionRow row = ReproductionRow.fromId(required(o, "row"));
        Threads.set(positiveInt(o, "threads", 1));
        Path from = Path.of(required(o, "from")).resolve(row.id() + ".json");
        if (!Files.isRegularFile(from)) {
            throw new IllegalArgumentException("--from: no result " + from + " whose step count to retrain for");
        }
        RowResult chosen = JSON.readValue(from.toFile(), RowResult.class);
        RunSpec spec = trainvalSpec(RunSpec.fromJson(chosen.spec().toString()), chosen.bestStep());
        Path out = Path.of(required(o, "out"));
        Path runDir = Path.of(required(o, "runs")).resolve(row.id());
        String device = Engine.getInstance().defaultDevice().toString();
        String tag = "[" + row.id() + " trainval]";

        FewShotDataset data = DatasetLoader.load(Path.of(required(o, "data")), spec.dataset(), spec.split(), null);
        log("%s retraining on %s for the %d steps chosen on val by %s, device %s", tag, data, chosen.bestStep(),
                from, device);
        double pretrainSeconds = pretrain(spec, data, tag);
        LocalFiles.deleteTree(runDir);
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("spec.json"), JSON.writeValueAsString(spec));
        long trainStart = System.nanoTime();
        MetaTrainer.Outcome outcome;
        try (MetaTrainer trainer = new MetaTrainer(spec, data, runDir)) {
            outcome = trainer.train(listener(tag, trainStart, pretrainSeconds, 0, new LearningCurve()));
        }
        double trainSeconds = seconds(trainStart);
        if (outcome.steps() != chosen.bestStep()) {
            throw new IllegalStateException(row.id() + " retrained " + outcome.steps() + " steps, not the "
                    + chosen.bestStep() + " chosen (" + outcome.reason() + ")");
        }
        log("%s trained %d steps in %.0f s; testing the last checkpoint on %d episodes", tag, outcome.steps(),
                trainSeconds, spec.hyper(HyperKeys.TEST_EPISODES, 0));
        EvaluationResult r = RunEvaluation.evaluate(testSpec(spec, chosen.predictionNoise()), data, runDir,
                done -> { });
        double wallSeconds = chosen.wallSeconds() + pretrainSeconds + seconds(trainStart);
        RowResult result = new RowResult(row.id(), row.label(), chosen.profile(), "train " + spec.split()
                + " for the " + chosen.bestStep() + " steps chosen on val by " + chosen.runId() + ", test once",
                device, JSON.valueToTree(spec), spec.runId(), chosen.wallBudgetSeconds(), outcome.steps(),
                pretrainSeconds, trainSeconds, wallSeconds, chosen.curve(), chosen.bestStep(),
                chosen.bestValAccuracy(), r.episodes(), r.accuracy(), r.ci95(), r.calibration().nll(),
                r.calibration().ece(), row.paperPercent(), RowResult.gapToPaperMinus1(r.accuracy(),
                row.paperPercent()), evalFile(row), r.minusDeterministic(), chosen.predictionNoise());
        publish(result, runDir, out);
        log("%s test %s; paper %.1f, gap to paper - 1: %+.2f points; %.0f s in all (selection run %.0f s)", tag,
                r.headline(), row.paperPercent(), result.gapToPaperMinus1(), wallSeconds, chosen.wallSeconds());
    }

    /**
     * The selected run's spec on its split's train + val pool for {@code steps} steps with no wall cap and no
     * validation, under the selected run's learning rates: a cosine stopped at a step before its end keeps the
     * selection run's horizon. Refused for a run already on train + val, and for a cosine over wall time: its
     * rate at a step depended on that run's speed, which a retraining cannot replay.
     */
    static RunSpec trainvalSpec(RunSpec selected, long steps) {
        if (steps <= 0 || steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--from: run " + selected.runId() + " chose no step (" + steps + ")");
        }
        if (selected.split().endsWith(SplitSchemes.TRAINVAL_SUFFIX)) {
            throw new IllegalArgumentException("--from: run " + selected.runId() + " already trained on "
                    + selected.split() + ": retrain a row trained on train and selected on val");
        }
        Map<String, Object> h = new TreeMap<>(selected.hyperparameters());
        h.put(HyperKeys.VALIDATE_EVERY, 0);
        h.remove(TrainingSettings.VALIDATE_SECONDS);
        LrSchedule schedule = TrainingSettings.from(selected).schedule();
        if (schedule.kind().equals(LrSchedule.COSINE_WALL)) {
            throw new IllegalArgumentException("--from: run " + selected.runId() + " decayed its rate over wall time ("
                    + LrSchedule.COSINE_WALL + "), which a retraining by steps cannot replay: select with --steps N "
                    + "--lr-schedule cosine to retrain");
        }
        if (schedule.kind().equals("cosine")) {
            h.put(HyperKeys.LR_SCHEDULE_STEPS, schedule.totalSteps());
        }
        return new RunSpec(selected.dataset(), selected.split() + SplitSchemes.TRAINVAL_SUFFIX, selected.method(),
                selected.way(), selected.shot(), selected.query(), selected.innerSteps(), selected.innerLr(),
                Budget.steps((int) steps), selected.seed(), h);
    }

    /** A BNN row whose spec leaves the prediction noise open has it chosen on val before its test. */
    static boolean choosesPredictionNoise(RunSpec spec) {
        return spec.method() == Method.AMORTIZED_BNN
                && !spec.hyperparameters().containsKey(BnnSettings.PREDICTION_NOISE);
    }

    /** The spec the test scores: the trained one, under the prediction noise val chose if it chose one. */
    private static RunSpec testSpec(RunSpec trained, PredictionNoiseChoice choice) {
        return choice == null ? trained : trained.withHyper(BnnSettings.PREDICTION_NOISE, choice.chosen());
    }

    private static String evalFile(ReproductionRow row) {
        return row.id() + ".eval.json";
    }

    /** Writes OUT/ID.json and beside it the run's eval.json (its provenance) as OUT/ID.eval.json. */
    private static void publish(RowResult result, Path runDir, Path out) throws IOException {
        Files.createDirectories(out);
        Files.copy(runDir.resolve("eval.json"), out.resolve(result.evalFile()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(out.resolve(result.row() + ".json"), JSON.writeValueAsString(result));
    }

    /** Logs training progress every minute and each validation, adding it to {@code curve}; budget 0: none. */
    private static TrainingListener listener(String tag, long trainStart, double offset, long budget,
            LearningCurve curve) {
        String of = budget > 0 ? " of " + budget : "";
        return new TrainingListener() {
            private double lastLine;

            @Override
            public void onProgress(Progress p) {
                double now = seconds(trainStart);
                if (now - lastLine >= PROGRESS_SECONDS) {
                    lastLine = now;
                    log("%s step %d, %.0f s%s: loss %.3f, train acc %.3f, %.1f episodes/s", tag, p.step(),
                            offset + now, of, p.loss(), p.accuracy(), p.episodesPerSecond());
                }
            }

            @Override
            public void onValidation(long step, double accuracy, boolean best) {
                curve.add(new LearningCurve.Point(offset + seconds(trainStart), step, accuracy));
                LearningCurve.Point b = curve.best().orElseThrow();
                log("%s val step %d, %.0f s%s: %.2f%% (best %.2f%% at step %d)", tag, step,
                        offset + seconds(trainStart), of, 100 * accuracy, 100 * b.accuracy(), b.step());
            }
        };
    }

    /**
     * The row's spec with the command line's --steps, --lr-schedule, --seed and --hyper; refused early if it is
     * invalid.
     */
    private static RunSpec overridden(RunSpec spec, Map<String, String> o) {
        RunSpec s = spec;
        if (o.containsKey("seed")) {
            s = s.withSeed(positive(o, "seed", 1));
        }
        if (o.containsKey("steps")) {
            s = s.withBudget(new Budget(positiveInt(o, "steps", 1), s.budget().wallSeconds()));
        }
        if (o.containsKey("lr-schedule")) {
            s = s.withHyper(HyperKeys.LR_SCHEDULE, o.get("lr-schedule"));
        }
        for (String pair : o.getOrDefault("hyper", "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--hyper takes key=value pairs joined by ',', got '" + pair + "'");
            }
            s = s.withHyper(pair.substring(0, eq).trim(), MetaLearningCli.hyperValue(pair.substring(eq + 1).trim()));
        }
        MetaLearners.requireKnownHyperparameters(s);
        TrainingSettings.from(s);
        if (s.method() == Method.AMORTIZED_BNN) {
            BnnSettings.from(s);
        }
        return s;
    }

    /**
     * The curve of the sessions a continued row goes on from, read from its result; refused unless that result is
     * of this row's spec but for the budget (MetaTrainer checks the checkpoint likewise).
     */
    private static LearningCurve earlierCurve(Path rowJson, RunSpec spec) throws IOException {
        if (!Files.isRegularFile(rowJson)) {
            throw new IllegalArgumentException("--continue: no earlier result " + rowJson + " to take the curve from");
        }
        RowResult earlier = JSON.readValue(rowJson.toFile(), RowResult.class);
        if (!RunSpec.fromJson(earlier.spec().toString()).withBudget(spec.budget()).runId().equals(spec.runId())) {
            throw new IllegalArgumentException("--continue: " + rowJson + " is the result of run " + earlier.runId()
                    + ", whose spec differs from this row's in more than the budget");
        }
        LearningCurve curve = new LearningCurve();
        earlier.curve().forEach(curve::add);
        return curve;
    }

    /**
     * The amortized BNN's feature-extractor pretraining, in seconds: run now, or earlier by another row (the
     * store keeps one per dataset and settings), and counted in the row's wall budget either way.
     */
    private static double pretrain(RunSpec spec, FewShotDataset data, String tag) {
        BnnSettings b = spec.method() == Method.AMORTIZED_BNN ? BnnSettings.from(spec) : null;
        if (b == null || !b.encoder().equals("conv4")) {
            return 0;
        }
        long start = System.nanoTime();
        FeatureExtractorStore store = new FeatureExtractorStore(FeatureExtractorStore.fromEnvironment().root(),
                step -> {
                    if (step % 200 == 0) {
                        log("%s pretraining step %d of %d, %.0f s", tag, step, b.pretrain().steps(), seconds(start));
                    }
                });
        log("%s feature extractor: %d pretraining steps (stored in %s)", tag, b.pretrain().steps(), store.root());
        try (NDManager m = NDManager.newBaseManager()) {
            store.obtain(data, b.pretrain(), m);
        }
        Object seconds = FeatureExtractorStore.provenance(store.folder(data, b.pretrain())).get("seconds");
        double s = seconds instanceof Number n ? n.doubleValue() : 0;
        log("%s feature extractor pretrained in %.0f s", tag, s);
        return s;
    }

    private static void report(Path dir) throws IOException {
        List<RowResult> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".eval.json"))
                    .toList()) {
                rows.add(JSON.readValue(f.toFile(), RowResult.class));
            }
        }
        List<String> order = Arrays.stream(ReproductionRow.values()).map(ReproductionRow::id).toList();
        rows.sort(Comparator.comparingInt(r -> order.indexOf(r.row())));
        Path readme = dir.resolve("README.md");
        String old = Files.exists(readme) ? Files.readString(readme) : "";
        Files.writeString(readme, ReproductionReport.readme(rows, old));
        Files.writeString(dir.resolve("curves.svg"), ReproductionReport.svg(rows));
        System.out.println(ReproductionReport.table(rows));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
