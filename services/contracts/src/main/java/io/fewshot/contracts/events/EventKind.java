package io.fewshot.contracts.events;

import io.fewshot.contracts.Topics;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The eight kinds of event: for each, its topic, its CloudEvents {@code type} and its payload record.
 * The type is the topic renamed into reverse-DNS form: {@code fsl.training.completed.v1} travels as
 * {@code io.fewshot.training.completed.v1}.
 */
public enum EventKind {
    DATASET_INGESTED(Topics.DATASET_INGESTED, DatasetIngested.class),
    TRAINING_REQUESTED(Topics.TRAINING_REQUESTED, TrainingRequested.class),
    TRAINING_PROGRESS(Topics.TRAINING_PROGRESS, TrainingProgress.class),
    TRAINING_COMPLETED(Topics.TRAINING_COMPLETED, TrainingCompleted.class),
    TRAINING_FAILED(Topics.TRAINING_FAILED, TrainingFailed.class),
    EVALUATION_COMPLETED(Topics.EVALUATION_COMPLETED, EvaluationCompleted.class),
    RESULTS_REGISTERED(Topics.RESULTS_REGISTERED, ResultsRegistered.class),
    SWEEP_COMPLETED(Topics.SWEEP_COMPLETED, SweepCompleted.class);

    private final String topic;
    private final String type;
    private final Class<? extends EventData> dataClass;

    EventKind(String topic, Class<? extends EventData> dataClass) {
        this.topic = topic;
        this.type = "io.fewshot." + topic.substring("fsl.".length());
        this.dataClass = dataClass;
    }

    public String topic() {
        return topic;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    public static EventKind of(Class<? extends EventData> dataClass) {
        for (EventKind k : values()) {
            if (k.dataClass == dataClass) {
                return k;
            }
        }
        throw new IllegalArgumentException(dataClass.getName() + " is not an event payload");
    }

    public static EventKind ofType(String type) {
        for (EventKind k : values()) {
            if (k.type.equals(type)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + type + "'; expected one of "
                + Arrays.stream(values()).map(EventKind::type).collect(Collectors.joining(", ")));
    }

    public static EventKind ofTopic(String topic) {
        for (EventKind k : values()) {
            if (k.topic.equals(topic)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + topic + "' is not an event topic");
    }
}
