package io.fewshot.evaluator;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.ml.nn.Threads;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.platform.kafka.RecordHandler;
import io.fewshot.platform.kafka.RecordLoop;
import io.fewshot.support.RunStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/** Service mode: evaluates every run completed on fsl.training.completed.v1. */
@ApplicationScoped
public class CompletionConsumer {
    private static final Logger LOG = Logger.getLogger(CompletionConsumer.class);
    private final EvaluatorConfig config;
    private final RunEvaluator evaluator;
    private final EventPublisher events;
    private final RunStore runs;
    private RecordLoop loop;

    public CompletionConsumer(EvaluatorConfig config, RunEvaluator evaluator, EventPublisher events, RunStore runs) {
        this.config = config;
        this.evaluator = evaluator;
        this.events = events;
        this.runs = runs;
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
        if (leftToItsStep(completed)) {
            LOG.infof("run %s: evaluated by a workflow step of sweep %s, not here", completed.runId(),
                    completed.sweepId());
            return;
        }
        evaluator.evaluate(completed);
    }

    /**
     * The Argo path: the sweep's own evaluate step owns this run (its train step said so before
     * publishing), so evaluating it here too would do the work twice, and answering "already
     * evaluated" would announce the result twice. Another sweep's completion of the run is ours.
     */
    private boolean leftToItsStep(TrainingCompleted completed) {
        return runs.evaluatedByStepOf(completed.runId()).filter(completed.sweepId()::equals).isPresent();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }
}
