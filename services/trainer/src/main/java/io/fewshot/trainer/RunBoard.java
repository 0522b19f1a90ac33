package io.fewshot.trainer;

import io.fewshot.ml.train.TrainingListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
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
    private final Map<String, TrainingStatus> runs = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private volatile double latestLoss = Double.NaN;

    public RunBoard(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("fsb.trainer.runs.in.progress", runs, r -> r.values().stream()
                .filter(s -> s.state() == TrainingStatus.State.RUNNING).count()).description("runs training now").register(registry);
        Gauge.builder("fsb.trainer.episodes.per.second", runs, r -> r.values().stream()
                .filter(s -> s.state() == TrainingStatus.State.RUNNING && s.episodesPerSecond() != null)
                .mapToDouble(TrainingStatus::episodesPerSecond).sum()).description("training episodes per second, all runs")
                .register(registry);
        Gauge.builder("fsb.trainer.loss", this, b -> b.latestLoss).description("latest training loss reported")
                .register(registry);
    }

    public Optional<TrainingStatus> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void started(String runId, int totalSteps, int resumedFromStep) {
        runs.put(runId, TrainingStatus.running(runId, totalSteps, resumedFromStep));
    }

    @Override
    public void progress(String runId, TrainingListener.Progress p) {
        latestLoss = p.loss();
        runs.computeIfPresent(runId, (id, s) -> s.withProgress(p.step(), p.totalSteps(), p.loss(), p.accuracy(),
                p.episodesPerSecond(), p.etaSeconds()));
    }

    @Override
    public void checkpointed(String runId, long step) {
        runs.computeIfPresent(runId, (id, s) -> s.withCheckpoint(step));
    }

    @Override
    public void finished(String runId, RunTraining.Result result, String detail) {
        TrainingStatus.State state = switch (result) {
            case COMPLETED, ALREADY_COMPLETED -> TrainingStatus.State.COMPLETED;
            case FAILED, FAILED_RETRYABLE -> TrainingStatus.State.FAILED;
            case STOPPED -> TrainingStatus.State.STOPPED;
        };
        runs.compute(runId, (id, s) -> s == null ? TrainingStatus.ended(id, state, detail) : s.withState(state, detail));
        Counter.builder("fsb.trainer.runs").tag("outcome", result.name().toLowerCase(java.util.Locale.ROOT))
                .description("training requests by outcome").register(registry).increment();
    }
}
