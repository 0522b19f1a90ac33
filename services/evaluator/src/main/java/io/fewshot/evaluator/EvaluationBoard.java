package io.fewshot.evaluator;

import io.fewshot.ml.eval.EvaluationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Evaluations this process has seen, for GET /runs/{id}, and the metrics derived from them. */
@ApplicationScoped
public class EvaluationBoard implements RunEvaluator.Observer {
    private final Map<String, EvaluationStatus> runs = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public EvaluationBoard(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("fsb.evaluator.runs.in.progress", runs, r -> r.values().stream()
                .filter(s -> s.state() == EvaluationStatus.State.EVALUATING).count()).description("runs being evaluated now")
                .register(registry);
    }

    public Optional<EvaluationStatus> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void started(String runId) {
        runs.put(runId, EvaluationStatus.evaluating(runId));
    }

    @Override
    public void finished(String runId, RunEvaluator.Result result, EvaluationResult r, String detail) {
        EvaluationStatus.State state = switch (result) {
            case EVALUATED, ALREADY_EVALUATED -> EvaluationStatus.State.EVALUATED;
            case FAILED, FAILED_RETRYABLE -> EvaluationStatus.State.FAILED;
        };
        runs.put(runId, EvaluationStatus.ended(runId, state, r, detail));
        Counter.builder("fsb.evaluator.runs").tag("outcome", result.name().toLowerCase(java.util.Locale.ROOT))
                .description("completed runs by evaluation outcome").register(registry).increment();
        if (r != null && r.seconds() > 0) {
            Counter.builder("fsb.evaluator.episodes").description("test episodes evaluated").register(registry)
                    .increment(r.episodes());
        }
    }
}
