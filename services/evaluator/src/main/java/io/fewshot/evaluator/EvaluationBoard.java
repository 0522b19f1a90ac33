package io.fewshot.evaluator;

import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.support.stage.StageBoard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Evaluations this process has seen, for GET /runs/{id}, and the metrics derived from them: runs in
 * progress and outcome counters (the stage board's) and test episodes evaluated.
 */
@ApplicationScoped
public class EvaluationBoard implements RunEvaluator.Observer {
    private final StageBoard<EvaluationStatus> board;
    private final Counter episodes;

    public EvaluationBoard(MeterRegistry registry) {
        board = new StageBoard<>(registry, "evaluator", s -> s.state() == EvaluationStatus.State.EVALUATING,
                "runs being evaluated now");
        episodes = Counter.builder(board.metric("episodes")).description("test episodes evaluated").register(registry);
    }

    public Optional<EvaluationStatus> get(String runId) {
        return board.get(runId);
    }

    @Override
    public void started(String runId) {
        board.put(runId, EvaluationStatus.evaluating(runId));
    }

    @Override
    public void finished(String runId, RunEvaluator.Result result, EvaluationResult r, String detail) {
        EvaluationStatus.State state = switch (result) {
            case EVALUATED, ALREADY_EVALUATED -> EvaluationStatus.State.EVALUATED;
            case FAILED, FAILED_RETRYABLE -> EvaluationStatus.State.FAILED;
        };
        board.put(runId, EvaluationStatus.ended(runId, state, r, detail));
        board.countOutcome(result, "completed runs by evaluation outcome");
        if (r != null && r.seconds() > 0) {
            episodes.increment(r.episodes());
        }
    }
}
