package io.fewshot.evaluator;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.rest.ServiceMain;
import io.fewshot.support.RunStore;
import jakarta.enterprise.context.Dependent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command mode, one Argo step: {@code evaluate --run-id <id>}, for a run whose training completed
 * (its completion marker in the bucket says which checkpoint). Exit code: 0 evaluated (or already),
 * 1 failed but a retry may help, 2 failed for good or bad input.
 */
@Dependent
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate one trained run on its test pool.")
public class EvaluateCommand implements Callable<Integer> {
    public static final int OK = ServiceMain.OK;
    public static final int RETRYABLE = ServiceMain.RETRYABLE;
    public static final int FAILED = ServiceMain.FAILED;

    @Option(names = "--run-id", required = true, description = "the run to evaluate")
    String runId;

    private final RunEvaluator evaluator;
    private final RunStore runs;

    public EvaluateCommand(RunEvaluator evaluator, RunStore runs) {
        this.evaluator = evaluator;
        this.runs = runs;
    }

    @Override
    public Integer call() {
        try {
            ObjectKeys.segment("run id", runId);
        } catch (IllegalArgumentException e) {
            System.err.println("evaluate: " + e.getMessage());
            return FAILED;
        }
        var completed = runs.trainingCompleted(runId);
        if (completed.isEmpty()) {
            System.err.println("evaluate: run " + runId + " has not completed training (no "
                    + RunStore.trainingMarker(runId) + ")");
            return FAILED;
        }
        RunEvaluator.Result r = evaluator.evaluate(completed.get().data());
        System.out.println("run " + runId + ": " + r.name().toLowerCase(java.util.Locale.ROOT));
        return switch (r) {
            case EVALUATED, ALREADY_EVALUATED -> OK;
            case FAILED_RETRYABLE -> RETRYABLE;
            case FAILED -> FAILED;
        };
    }
}
