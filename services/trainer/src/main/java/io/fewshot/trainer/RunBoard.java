package io.fewshot.trainer;

import io.fewshot.ml.train.TrainingListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this trainer knows of its runs, for GET /runs/{id}, and the Prometheus metrics derived from
 * it: runs in progress, episodes per second and loss (summed / latest over running runs), and
 * outcome counters.
 */
@ApplicationScoped
public class RunBoard implements RunObserver {
    /** One run as this process last saw it. */
    public record Status(String runId, String state, long step, long totalSteps, Integer resumedFromStep,
            Long lastCheckpointStep, Double loss, Double accuracy, Double episodesPerSecond, Double etaSeconds,
            String detail, Instant updatedAt) {
        Status with(String newState, String newDetail) {
            return new Status(runId, newState, step, totalSteps, resumedFromStep, lastCheckpointStep, loss, accuracy,
                    episodesPerSecond, etaSeconds, newDetail, Instant.now());
        }
    }

    private final Map<String, Status> runs = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private volatile double latestLoss = Double.NaN;

    public RunBoard(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("fsb.trainer.runs.in.progress", runs, r -> r.values().stream()
                .filter(s -> s.state().equals("running")).count()).description("runs training now").register(registry);
        Gauge.builder("fsb.trainer.episodes.per.second", runs, r -> r.values().stream()
                .filter(s -> s.state().equals("running") && s.episodesPerSecond() != null)
                .mapToDouble(Status::episodesPerSecond).sum()).description("training episodes per second, all runs")
                .register(registry);
        Gauge.builder("fsb.trainer.loss", this, b -> b.latestLoss).description("latest training loss reported")
                .register(registry);
    }

    public Optional<Status> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void started(String runId, int totalSteps, int resumedFromStep) {
        runs.put(runId, new Status(runId, "running", resumedFromStep, totalSteps, resumedFromStep,
                resumedFromStep > 0 ? (long) resumedFromStep : null, null, null, null, null, null, Instant.now()));
    }

    @Override
    public void progress(String runId, TrainingListener.Progress p) {
        latestLoss = p.loss();
        runs.computeIfPresent(runId, (id, s) -> new Status(id, s.state(), p.step(), p.totalSteps(),
                s.resumedFromStep(), s.lastCheckpointStep(), p.loss(), p.accuracy(), p.episodesPerSecond(),
                p.etaSeconds(), s.detail(), Instant.now()));
    }

    @Override
    public void checkpointed(String runId, long step) {
        runs.computeIfPresent(runId, (id, s) -> new Status(id, s.state(), s.step(), s.totalSteps(),
                s.resumedFromStep(), step, s.loss(), s.accuracy(), s.episodesPerSecond(), s.etaSeconds(), s.detail(),
                Instant.now()));
    }

    @Override
    public void finished(String runId, RunTraining.Result result, String detail) {
        String state = switch (result) {
            case COMPLETED, ALREADY_COMPLETED -> "completed";
            case FAILED, FAILED_RETRYABLE -> "failed";
            case STOPPED -> "stopped";
        };
        runs.compute(runId, (id, s) -> s == null
                ? new Status(id, state, 0, 0, null, null, null, null, null, null, detail, Instant.now())
                : s.with(state, detail));
        Counter.builder("fsb.trainer.runs").tag("outcome", result.name().toLowerCase(java.util.Locale.ROOT))
                .description("training requests by outcome").register(registry).increment();
    }
}
