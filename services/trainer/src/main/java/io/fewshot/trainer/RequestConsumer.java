package io.fewshot.trainer;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.platform.kafka.RecordHandler;
import io.fewshot.support.stage.EngineSetup;
import io.fewshot.support.stage.StageConsumer;
import io.fewshot.support.stage.StageMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Service mode: trains the runs requested on fsl.training.requested.v1, a bounded number at once. */
@ApplicationScoped
public class RequestConsumer {
    private final TrainerConfig config;
    private final RunTraining training;
    private final Shutdown shutdown;
    private final StageConsumer<TrainingRequested> consumer;

    public RequestConsumer(TrainerConfig config, StageMode mode, RunTraining training, EventPublisher events,
            Shutdown shutdown) {
        this.config = config;
        this.training = training;
        this.shutdown = shutdown;
        this.consumer = new StageConsumer<>(config, mode, events, Topics.TRAINING_REQUESTED, TrainingRequested.class,
                TrainingRequested::runId);
    }

    void onStart(@Observes StartupEvent event) {
        EngineSetup.apply(config.device(), config.threads());
        consumer.start(this::handle);
    }

    private void handle(TrainingRequested request) {
        shutdown.enter();
        try {
            if (training.train(request, () -> shutdown.requested() || consumer.stopping()) == RunTraining.Result.STOPPED) {
                throw new RecordHandler.Abandoned("run " + request.runId() + " stopped for shutdown");
            }
        } finally {
            shutdown.leave();
        }
    }

    /** Before {@link Shutdown} waits: stop taking requests; running ones checkpoint and leave. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        consumer.close();
    }
}
