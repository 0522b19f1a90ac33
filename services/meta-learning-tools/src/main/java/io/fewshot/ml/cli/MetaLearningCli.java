package io.fewshot.ml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fewshot.contracts.Budget;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.Terminal;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Provenance;
import io.fewshot.ml.bnn.FeatureExtractorStore;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.MetaLearners;
import io.fewshot.ml.train.MetaTrainer;
import io.fewshot.ml.train.RunEvaluation;
import io.fewshot.ml.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fsb-ml}: train or evaluate one cell from a dataset folder, and classify one's own images with a trained
 * run, for researchers. The services run the same engine behind Kafka and S3; this entry needs neither.
 */
@Command(name = "fsb-ml", mixinStandardHelpOptions = true, subcommands = {
        MetaLearningCli.Train.class, MetaLearningCli.Evaluate.class, PredictCommand.class},
        description = "Meta-train and evaluate few-shot learners on one machine; classify images with a trained run.")
public final class MetaLearningCli {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** How often a progress bar prints a plain line where it cannot redraw in place. */
    static final int PLAIN_LINE_MILLIS = 5_000;

    /** The options that define a cell; with --spec the spec defines it and none of them may be given. */
    static final List<String> CELL_OPTIONS = List.of("--dataset", "--split", "--method", "--way", "--shot", "--query",
            "--inner-steps", "--inner-lr", "--steps", "--wall-seconds", "--seed", "--hyper");

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: bad input (data, split, spec) prints its message, exit code 2. */
    static CommandLine commandLine() {
        return new CommandLine(new MetaLearningCli()).setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cl.getErr().println("fsb-ml: " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }

    /** A cell: the spec that names the run, and its data loaded with the spec's dataset and split. */
    record Cell(RunSpec spec, FewShotDataset data) {
    }

    /** Options shared by train and evaluate. */
    static class Common {
        @Spec
        CommandSpec command;

        @Option(names = "--data", required = true, description = "dataset folder: ingested (manifest.json) or the "
                + "Omniglot zips (e.g. ../shared/datasets/omniglot)")
        Path data;

        @Option(names = "--splits", description = "Vinyals split files for the Omniglot zips "
                + "(default: ../splits/omniglot/vinyals beside the data folder)")
        Path splits;

        @Option(names = "--run-dir", description = "where checkpoints and results go (default: runs/<runId>)")
        Path runDir;

        @Option(names = "--threads", description = "intra-op threads (default: all cores; 1 is bit-reproducible)")
        Integer threads;

        @Option(names = "--spec", description = "a RunSpec as a JSON file: it fixes the whole cell, so giving it "
                + "with any cell option (--dataset, --split, --method, --way, --shot, --query, --inner-steps, "
                + "--inner-lr, --steps, --wall-seconds, --seed, --hyper) is an error")
        Path specFile;

        @Option(names = "--dataset", description = "omniglot | mini-imagenet (default: what the data folder holds); "
                + "a folder holding another dataset is refused")
        String dataset;

        @Option(names = "--split", description = "class split: vinyals | lake | vinyals-trainval (Omniglot), ravi "
                + "(miniImageNet); default: the folder's default (vinyals for Omniglot). lake and vinyals-trainval "
                + "(train + val as one train pool) have no val pool: pair them with --hyper validateEvery=0")
        String split;

        @Option(names = "--method", defaultValue = "protonet",
                description = "matching-nets | protonet | maml | meta-sgd | amortized-bnn (default ${DEFAULT-VALUE})")
        String method;

        @Option(names = "--way", defaultValue = "5") int way;
        @Option(names = "--shot", defaultValue = "1") int shot;
        @Option(names = "--query", defaultValue = "15") int query;
        @Option(names = "--inner-steps", defaultValue = "1") int innerSteps;
        @Option(names = "--inner-lr", defaultValue = "0.4") double innerLr;
        @Option(names = "--steps", defaultValue = "2000", description = "meta-training steps") int steps;
        @Option(names = "--wall-seconds", defaultValue = "0", description = "wall-clock cap (0: none)") long wall;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @Option(names = "--hyper", description = "method hyperparameter key=value (repeatable), e.g. trainWay=20")
        Map<String, String> hyper = new LinkedHashMap<>();

        /**
         * The spec (from --spec, or from the cell options with the dataset and split the folder holds) and its
         * data, loaded with exactly that dataset and split.
         */
        Cell cell() throws Exception {
            if (threads != null) {
                Threads.set(threads);
            }
            if (specFile != null) {
                refuseCellOptions("--spec");
                RunSpec spec = RunSpec.fromJson(Files.readString(specFile));
                return new Cell(spec, load(spec.dataset(), spec.split()));
            }
            FewShotDataset d = load(dataset, split);
            Map<String, Object> h = new LinkedHashMap<>();
            hyper.forEach((k, v) -> h.put(k, hyperValue(v)));
            Method m = Method.fromId(method);
            boolean gradient = m == Method.MAML || m == Method.META_SGD || m == Method.AMORTIZED_BNN;
            return new Cell(new RunSpec(d.name(), d.splitScheme(), m, way, shot, query, gradient ? innerSteps : 0,
                    gradient ? innerLr : 0, new Budget(steps, wall), seed, h), d);
        }

        /** A cell fixed by a file (--spec, --from-provenance) takes none of the options that define one. */
        void refuseCellOptions(String fixedBy) {
            List<String> given = CELL_OPTIONS.stream()
                    .filter(o -> command.commandLine().getParseResult().hasMatchedOption(o)).toList();
            if (!given.isEmpty()) {
                throw new ParameterException(command.commandLine(), fixedBy + " fixes the whole cell; "
                        + String.join(", ", given) + " cannot be combined with it (edit the spec instead)");
            }
        }

        Path runDir(RunSpec spec) {
            return runDir != null ? runDir : Path.of("runs", spec.runId());
        }

        FewShotDataset load(String name, String scheme) {
            long t0 = System.nanoTime();
            FewShotDataset d = DatasetLoader.load(data, name, scheme, splits);
            command.commandLine().getErr().printf("loaded %s in %.1f s%n", d, (System.nanoTime() - t0) / 1e9);
            return d;
        }

    }

    /** A hyperparameter's value as typed on a command line: a boolean, a number, or else the text. */
    public static Object hyperValue(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return v.contains(".") || v.contains("e") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Meta-train one cell (resuming if its run folder has checkpoints), then evaluate it.")
    static final class Train extends Common implements Callable<Integer> {
        @Option(names = "--no-eval", description = "skip the test evaluation") boolean noEval;

        @Option(names = "--from-provenance", description = "rebuild a run from its provenance.json: its whole spec, "
                + "and its thread count unless --threads is given; refused with --spec or any cell option, or when "
                + "the data folder's digest differs from the recorded one")
        Path provenanceFile;

        @Override
        Cell cell() throws Exception {
            if (provenanceFile == null) {
                return super.cell();
            }
            if (specFile != null) {
                throw new ParameterException(command.commandLine(), "--from-provenance and --spec both fix the cell:"
                        + " give one");
            }
            refuseCellOptions("--from-provenance");
            Provenance recorded = Provenance.read(provenanceFile);
            Threads.set(threads != null ? threads : recorded.threads() > 0 ? recorded.threads()
                    : Runtime.getRuntime().availableProcessors());
            RunSpec spec = recorded.spec();
            Cell cell = new Cell(spec, load(spec.dataset(), spec.split()));
            if (!cell.data().sha256().equals(recorded.datasetSha256())) {
                throw new IllegalArgumentException("the data in " + data + " has digest " + cell.data().sha256()
                        + ", the run was trained on " + recorded.datasetSha256() + ": not the same run");
            }
            TrainingSettings now = TrainingSettings.from(spec);
            if (recorded.settings() != null && !recorded.settings().equals(now)) {
                command.commandLine().getErr().printf("note: this engine (%s) resolves the spec's settings differently"
                        + " from the one that trained it (%s):%n  then %s%n  now  %s%n", Provenance.codeVersion(),
                        recorded.build(), recorded.settings(), now);
            }
            command.commandLine().getErr().printf("rebuilding run %s from %s (%d thread(s), trained by %s)%n",
                    spec.runId(), provenanceFile, Threads.get(), recorded.build());
            return cell;
        }

        @Override
        public Integer call() throws Exception {
            Cell cell = cell();
            RunSpec spec = cell.spec();
            FewShotDataset data = cell.data();
            MetaLearners.requireKnownHyperparameters(spec); // before the run folder is written
            try {
                MetaTrainer.requireValidationPool(spec, data);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), e.getMessage()
                        + " (--hyper validateEvery=0, or in the spec's hyperparameters)");
            }
            Path dir = runDir(spec);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("spec.json"), JSON.writeValueAsString(spec));
            Provenance.of(spec, data).write(dir);
            double[] lastLoss = {Double.NaN};
            long[] lastStep = {0};
            try (MetaTrainer trainer = new MetaTrainer(spec, data, dir);
                    ProgressBar bar = bar("train " + spec.runId(), spec.budget().steps())) {
                bar.stepTo(trainer.step());
                trainer.train(new TrainingListener() {
                    @Override
                    public void onProgress(Progress p) {
                        lastStep[0] = p.step();
                        lastLoss[0] = p.loss();
                        bar.stepTo(p.step());
                        bar.setExtraMessage(String.format("loss %.3f acc %.3f %.1f ep/s", p.loss(), p.accuracy(),
                                p.episodesPerSecond()));
                    }

                    @Override
                    public void onValidation(long step, double accuracy, boolean best) {
                        bar.setExtraMessage(String.format("val %.3f%s", accuracy, best ? " (best)" : ""));
                    }
                });
            }
            // The line a rebuilt run is compared by (at 1 thread and the same seed, bit-identical).
            command.commandLine().getOut().printf("run %s: step %d loss %s%n", spec.runId(), lastStep[0],
                    Double.toString(lastLoss[0]));
            if (!noEval) {
                print(evaluate(spec, data, dir));
            }
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate a trained cell on the test split (eval.json in its run folder), or on val.")
    static final class Evaluate extends Common implements Callable<Integer> {
        @Option(names = "--pool", defaultValue = "test", description = "test, or val to choose a test-time setting "
                + "(e.g. testInnerSteps, in a copy of the spec given with --spec and --run-dir) before testing once;"
                + " writes eval-val.json (default ${DEFAULT-VALUE})")
        String pool;

        @Override
        public Integer call() throws Exception {
            Cell cell = cell();
            print(evaluate(cell.spec(), cell.data(), runDir(cell.spec()), pool));
            return 0;
        }
    }

    /**
     * A bar redrawn in place on a terminal; elsewhere (a log file, a pipe) one plain line every
     * {@link #PLAIN_LINE_MILLIS} ms, so a long evaluation still shows it is alive without filling the
     * log with carriage returns.
     */
    static ProgressBar bar(String task, long max) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).continuousUpdate();
        if (Terminal.interactive()) {
            return b.setUpdateIntervalMillis(500).build();
        }
        return b.setUpdateIntervalMillis(PLAIN_LINE_MILLIS).setConsumer(new DelegatingProgressBarConsumer(
                System.err::println)).build();
    }

    /** {@link RunEvaluation#evaluate} of a trained run folder, with a progress bar over its test episodes. */
    public static EvaluationResult evaluate(RunSpec spec, FewShotDataset data, Path runDir) {
        return evaluate(spec, data, runDir, "test");
    }

    static EvaluationResult evaluate(RunSpec spec, FewShotDataset data, Path runDir, String pool) {
        try (ProgressBar bar = bar("evaluate " + pool, TrainingSettings.from(spec).testEpisodes())) {
            return RunEvaluation.evaluate(spec, data, runDir, pool, FeatureExtractorStore.fromEnvironment(),
                    bar::stepTo);
        }
    }

    private static void print(EvaluationResult r) {
        System.out.println(r.headline());
    }
}
