package io.fewshot.evaluator;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.platform.kafka.EventPublisher;
import io.fewshot.support.RunStore;
import io.fewshot.support.stage.EngineSetup;
import io.fewshot.support.stage.StageConsumer;
import io.fewshot.support.stage.StageMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Service mode: evaluates every run completed on fsl.training.completed.v1. */
@ApplicationScoped
public class CompletionConsumer {
    private static final Logger LOG = Logger.getLogger(CompletionConsumer.class);
    private final EvaluatorConfig config;
    private final RunEvaluator evaluator;
    private final RunStore runs;
    private final StageConsumer<TrainingCompleted> consumer;

    public CompletionConsumer(EvaluatorConfig config, StageMode mode, RunEvaluator evaluator, EventPublisher events,
            RunStore runs) {
        this.config = config;
        this.evaluator = evaluator;
        this.runs = runs;
        this.consumer = new StageConsumer<>(config, mode, events, Topics.TRAINING_COMPLETED, TrainingCompleted.class,
                TrainingCompleted::runId);
    }

    void onStart(@Observes StartupEvent event) {
        EngineSetup.threads(config.threads());
        consumer.start(this::handle);
    }

    private void handle(TrainingCompleted completed) {
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
        consumer.close();
    }
}
