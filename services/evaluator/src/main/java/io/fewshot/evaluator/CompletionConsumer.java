package io.fewshot.evaluator;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.ml.nn.Threads;
import io.fewshot.support.EventPublisher;
import io.fewshot.support.RecordHandler;
import io.fewshot.support.RecordLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Service mode: evaluates every run completed on fsl.training.completed.v1. */
@ApplicationScoped
public class CompletionConsumer {
    private final EvaluatorConfig config;
    private final RunEvaluator evaluator;
    private final EventPublisher events;
    private RecordLoop loop;

    public CompletionConsumer(EvaluatorConfig config, RunEvaluator evaluator, EventPublisher events) {
        this.config = config;
        this.evaluator = evaluator;
        this.events = events;
    }

    void onStart(@Observes StartupEvent event) {
        Threads.set(config.threads().orElse(Runtime.getRuntime().availableProcessors()));
        if (!config.consume()) {
            return;
        }
        EvaluatorConfig.Kafka k = config.kafka();
        loop = new RecordLoop(new RecordLoop.Settings(k.bootstrapServers(), k.groupId(), Topics.TRAINING_COMPLETED,
                config.maxConcurrentRuns(), k.maxAttempts(), k.retryBackoff(), k.sessionTimeout()), this::handle, events).start();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        TrainingCompleted completed = EventCodec.decode(record.value(), TrainingCompleted.class).data();
        if (record.key() != null && !record.key().equals(completed.runId())) {
            throw new RecordHandler.Unprocessable("key '" + record.key() + "' is not the run id " + completed.runId(),
                    null);
        }
        evaluator.evaluate(completed);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }
}
