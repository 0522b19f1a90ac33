package io.fewshot.evaluator;

import io.fewshot.ml.eval.EvaluationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Evaluations this process has seen, for GET /runs/{id}, and the metrics derived from them. */
@ApplicationScoped
public class EvaluationBoard implements RunEvaluator.Observer {
    /** One run's evaluation as this process last saw it. */
    public record Status(String runId, String state, Double accuracy, Double ci95, Integer episodes, Double seconds,
            String detail, Instant updatedAt) {
    }

    private final Map<String, Status> runs = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public EvaluationBoard(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("fsb.evaluator.runs.in.progress", runs, r -> r.values().stream()
                .filter(s -> s.state().equals("evaluating")).count()).description("runs being evaluated now")
                .register(registry);
    }

    public Optional<Status> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void started(String runId) {
        runs.put(runId, new Status(runId, "evaluating", null, null, null, null, null, Instant.now()));
    }

    @Override
    public void finished(String runId, RunEvaluator.Result result, EvaluationResult r, String detail) {
        String state = switch (result) {
            case EVALUATED, ALREADY_EVALUATED -> "evaluated";
            case FAILED, FAILED_RETRYABLE -> "failed";
        };
        runs.put(runId, r == null ? new Status(runId, state, null, null, null, null, detail, Instant.now())
                : new Status(runId, state, r.accuracy(), r.ci95(), r.episodes(), r.seconds(), detail, Instant.now()));
        Counter.builder("fsb.evaluator.runs").tag("outcome", result.name().toLowerCase(java.util.Locale.ROOT))
                .description("completed runs by evaluation outcome").register(registry).increment();
        if (r != null && r.seconds() > 0) {
            Counter.builder("fsb.evaluator.episodes").description("test episodes evaluated").register(registry)
                    .increment(r.episodes());
        }
    }
}
