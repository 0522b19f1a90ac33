package io.fewshot.contracts;

import java.util.List;

/**
 * The Kafka topics of the sweep chain, in the order an event travels through them. Every topic has
 * a {@code .dlq} twin where a consumer parks a message it cannot process (malformed, or failing
 * again and again), so that one bad message never blocks a partition.
 */
public final class Topics {
    public static final String DATASET_INGESTED = "fsl.dataset.ingested.v1";
    public static final String TRAINING_REQUESTED = "fsl.training.requested.v1";
    public static final String TRAINING_PROGRESS = "fsl.training.progress.v1";
    public static final String TRAINING_COMPLETED = "fsl.training.completed.v1";
    public static final String TRAINING_FAILED = "fsl.training.failed.v1";
    public static final String EVALUATION_COMPLETED = "fsl.evaluation.completed.v1";
    public static final String RESULTS_REGISTERED = "fsl.results.registered.v1";
    public static final String SWEEP_COMPLETED = "fsl.sweep.completed.v1";

    public static final String DLQ_SUFFIX = ".dlq";

    private static final List<String> MAIN = List.of(DATASET_INGESTED, TRAINING_REQUESTED, TRAINING_PROGRESS,
            TRAINING_COMPLETED, TRAINING_FAILED, EVALUATION_COMPLETED, RESULTS_REGISTERED, SWEEP_COMPLETED);

    private Topics() {
    }

    /** The eight event topics, without their dead-letter twins. */
    public static List<String> main() {
        return MAIN;
    }

    /** Every topic a deployment must create: the eight event topics and their eight {@code .dlq} twins. */
    public static List<String> all() {
        return MAIN.stream().flatMap(t -> java.util.stream.Stream.of(t, dlq(t))).toList();
    }

    /** The dead-letter twin of one of the eight event topics. */
    public static String dlq(String topic) {
        if (!MAIN.contains(topic)) {
            throw new IllegalArgumentException("'" + topic + "' is not an event topic; expected one of " + MAIN);
        }
        return topic + DLQ_SUFFIX;
    }
}
