package io.fewshot.trainer;

import io.fewshot.ml.train.TrainingListener;
import io.fewshot.support.stage.StageBoard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * What this trainer knows of its runs, for GET /runs/{id}, and the Prometheus metrics derived from
 * it: runs in progress and outcome counters (the stage board's), episodes per second summed over
 * running runs, and the latest loss.
 */
@ApplicationScoped
public class RunBoard implements RunObserver {
    private final StageBoard<TrainingStatus> board;
    private volatile double latestLoss = Double.NaN;

    public RunBoard(MeterRegistry registry) {
        board = new StageBoard<>(registry, "trainer", RunBoard::running, "runs training now");
        board.sumGauge("episodes.per.second", "training episodes per second, all runs",
                s -> running(s) && s.episodesPerSecond() != null, TrainingStatus::episodesPerSecond);
        Gauge.builder(board.metric("loss"), this, b -> b.latestLoss).description("latest training loss reported")
                .register(registry);
    }

    private static boolean running(TrainingStatus s) {
        return s.state() == TrainingStatus.State.RUNNING;
    }

    public Optional<TrainingStatus> get(String runId) {
        return board.get(runId);
    }

    @Override
    public void started(String runId, int totalSteps, int resumedFromStep) {
        board.put(runId, TrainingStatus.running(runId, totalSteps, resumedFromStep));
    }

    @Override
    public void progress(String runId, TrainingListener.Progress p) {
        latestLoss = p.loss();
        board.update(runId, s -> s.withProgress(p.step(), p.totalSteps(), p.loss(), p.accuracy(),
                p.episodesPerSecond(), p.etaSeconds()));
    }

    @Override
    public void checkpointed(String runId, long step) {
        board.update(runId, s -> s.withCheckpoint(step));
    }

    @Override
    public void finished(String runId, RunTraining.Result result, String detail) {
        TrainingStatus.State state = switch (result) {
            case COMPLETED, ALREADY_COMPLETED -> TrainingStatus.State.COMPLETED;
            case FAILED, FAILED_RETRYABLE -> TrainingStatus.State.FAILED;
            case STOPPED -> TrainingStatus.State.STOPPED;
        };
        board.compute(runId, (id, s) -> s == null ? TrainingStatus.ended(id, state, detail) : s.withState(state, detail));
        board.countOutcome(result, "training requests by outcome");
    }
}
