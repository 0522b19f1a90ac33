package io.fewshot.trainer;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.platform.kafka.RecordHandler;
import io.fewshot.platform.kafka.RecordLoop;
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
    private final EventPublisher events;
    private final Shutdown shutdown;
    private RecordLoop loop;

    public RequestConsumer(TrainerConfig config, RunTraining training, EventPublisher events, Shutdown shutdown) {
        this.config = config;
        this.training = training;
        this.events = events;
        this.shutdown = shutdown;
    }

    void onStart(@Observes StartupEvent event) {
        EngineSetup.apply(config.device(), config.threads().orElse(null));
        if (!config.consume()) {
            return;
        }
        TrainerConfig.Kafka k = config.kafka();
        loop = new RecordLoop(new RecordLoop.Settings(k.bootstrapServers(), k.groupId(), Topics.TRAINING_REQUESTED,
                config.maxConcurrentRuns(), k.maxAttempts(), k.retryBackoff(), k.sessionTimeout()), this::handle, events).start();
    }

    private void handle(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        TrainingRequested request = EventCodec.decode(record.value(), TrainingRequested.class).data();
        if (record.key() != null && !record.key().equals(request.runId())) {
            throw new RecordHandler.Unprocessable("key '" + record.key() + "' is not the run id " + request.runId(), null);
        }
        shutdown.enter();
        try {
            if (training.train(request, () -> shutdown.requested() || loop.stopping()) == RunTraining.Result.STOPPED) {
                throw new RecordHandler.Abandoned("run " + request.runId() + " stopped for shutdown");
            }
        } finally {
            shutdown.leave();
        }
    }

    /** Before {@link Shutdown} waits: stop taking requests; running ones checkpoint and leave. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }
}
