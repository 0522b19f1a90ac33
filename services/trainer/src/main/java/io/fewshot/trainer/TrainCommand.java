package io.fewshot.trainer;

import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.TableRow;
import io.fewshot.rest.ServiceMain;
import io.fewshot.support.DatasetCache;
import io.fewshot.support.Failures;
import io.fewshot.support.FeatureExtractorMirror;
import io.fewshot.support.RunStore;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command mode, one Argo step: {@code train --run-spec <file|json> [--run-id-file F] [--evaluated-by-step] [--force]}.
 * Exit code: 0 trained (or already trained), 1 failed but a retry may help, 2 failed for good or
 * bad input, 3 stopped by a shutdown after a checkpoint (a retry resumes).
 * {@code train --pretrain-feature-extractor --dataset D --profile P}: the Argo pretrain step.
 */
@Dependent
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train one run (resuming it if it has checkpoints).")
public class TrainCommand implements Callable<Integer> {
    public static final int OK = ServiceMain.OK;
    public static final int RETRYABLE = ServiceMain.RETRYABLE;
    public static final int FAILED = ServiceMain.FAILED;
    public static final int STOPPED = 3;

    @Option(names = "--run-spec", description = "the RunSpec: a JSON document, or the path of a file holding one")
    String runSpec;

    @Option(names = "--run-id-file", description = "write the run id to this file (the Argo step's output)")
    Path runIdFile;

    @Option(names = "--force", description = "train again even if the run completed")
    boolean force;

    @Option(names = "--evaluated-by-step", description = "a workflow step of this sweep evaluates the run: evaluator"
            + " services that hear its completion leave it alone")
    boolean evaluatedByStep;

    @Option(names = "--sweep-id", description = "the sweep the run belongs to (default: FSB_SWEEP_ID, else adhoc)")
    String sweepId;

    @Option(names = "--pretrain-feature-extractor", description = "pretrain the dataset's shared feature extractor")
    boolean pretrain;

    @Option(names = "--dataset", description = "with --pretrain-feature-extractor: the dataset")
    String dataset;

    @Option(names = "--profile", description = "with --pretrain-feature-extractor: the sweep profile")
    String profile;

    @Option(names = "--rows", description = "with --pretrain-feature-extractor: only the sweep's cells of these table"
            + " rows, comma-separated (empty: all)")
    String rows = "";

    @Option(names = "--configs", description = "with --pretrain-feature-extractor: only these N-way K-shot columns,"
            + " e.g. 5w1s,20w5s (empty: all)")
    String configs = "";

    private final RunTraining training;
    private final RunStore runs;
    private final Pretraining pretraining;
    private final TrainerConfig config;
    private final Shutdown shutdown;

    public TrainCommand(RunTraining training, RunStore runs, DatasetCache datasets, FeatureExtractorMirror extractors,
            TrainerConfig config, Shutdown shutdown) {
        this.training = training;
        this.runs = runs;
        this.pretraining = new Pretraining(datasets, extractors);
        this.config = config;
        this.shutdown = shutdown;
    }

    @Override
    public Integer call() {
        if (pretrain) {
            if (dataset == null || profile == null) {
                System.err.println("train --pretrain-feature-extractor needs --dataset and --profile");
                return FAILED;
            }
            try {
                int n = pretraining.run(dataset, Profile.fromId(profile), selected(rows, configs));
                System.out.println("feature extractors for " + dataset + " (" + profile + "): " + n + " stored");
                return OK;
            } catch (IllegalArgumentException e) {
                System.err.println("train --pretrain-feature-extractor: " + e.getMessage());
                return FAILED;
            } catch (RuntimeException e) {
                System.err.println("pretraining failed: " + Failures.reason(e));
                return Failures.retryable(e) ? RETRYABLE : FAILED;
            }
        }
        if (runSpec == null) {
            System.err.println("train: --run-spec is required");
            return FAILED;
        }
        RunSpec spec;
        try {
            spec = RunSpec.fromJson(readSpec(runSpec));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("train: bad run spec: " + e.getMessage());
            return FAILED;
        }
        try {
            if (runIdFile != null) {
                Files.createDirectories(runIdFile.toAbsolutePath().getParent());
                Files.writeString(runIdFile, spec.runId());
            }
        } catch (IOException e) {
            System.err.println("train: cannot write " + runIdFile + ": " + e.getMessage());
            return FAILED;
        }
        TrainingRequested request = TrainingRequested.of(sweepId != null ? sweepId : config.sweepId(), spec, force);
        shutdown.enter();
        try {
            if (evaluatedByStep) {
                // Before any completion is published (also the "already completed" announcement).
                runs.markEvaluatedByStep(spec.runId(), request.sweepId());
            }
            RunTraining.Result r = training.train(request, shutdown::requested);
            System.out.println("run " + spec.runId() + ": " + r.name().toLowerCase(java.util.Locale.ROOT));
            return switch (r) {
                case COMPLETED, ALREADY_COMPLETED -> OK;
                case FAILED_RETRYABLE -> RETRYABLE;
                case FAILED -> FAILED;
                case STOPPED -> STOPPED;
            };
        } finally {
            shutdown.leave();
        }
    }

    /** The cells a (possibly narrowed) sweep runs: blank lists mean all, as the Argo template passes them. */
    static Predicate<Cell> selected(String rows, String configs) {
        Set<TableRow> wantedRows = new HashSet<>();
        for (String r : rows.split(",")) {
            if (!r.isBlank()) {
                wantedRows.add(TableRow.fromId(r.strip()));
            }
        }
        Set<String> wantedConfigs = new HashSet<>();
        for (String c : configs.split(",")) {
            if (!c.isBlank()) {
                wantedConfigs.add(c.strip());
            }
        }
        return cell -> (wantedRows.isEmpty() || wantedRows.contains(cell.row()))
                && (wantedConfigs.isEmpty() || wantedConfigs.contains(cell.column().label()));
    }

    private static String readSpec(String value) throws IOException {
        String v = value.strip();
        if (v.startsWith("{")) {
            return v;
        }
        Path p = Path.of(v);
        if (!Files.isRegularFile(p)) {
            throw new IOException("'" + value + "' is neither a JSON object nor a readable file");
        }
        return Files.readString(p);
    }
}
