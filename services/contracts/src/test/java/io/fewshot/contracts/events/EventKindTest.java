package io.fewshot.contracts.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fewshot.contracts.Topics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventKindTest {
    @Test
    void everyTopicCarriesExactlyOneKindOfEvent() {
        assertEquals(Topics.main(), Arrays.stream(EventKind.values()).map(EventKind::topic).toList());
        for (String topic : Topics.main()) {
            assertEquals(topic, EventKind.ofTopic(topic).topic());
        }
    }

    @Test
    void theCloudEventTypeIsTheTopicInReverseDnsForm() {
        assertEquals("io.fewshot.dataset.ingested.v1", EventKind.DATASET_INGESTED.type());
        assertEquals("io.fewshot.sweep.completed.v1", EventKind.SWEEP_COMPLETED.type());
        assertEquals(EventKind.TRAINING_FAILED, EventKind.ofType("io.fewshot.training.failed.v1"));
        assertEquals(EventKind.EVALUATION_COMPLETED, EventKind.of(EvaluationCompleted.class));
    }

    @Test
    void unknownTypesAndTopicsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventKind.ofType("io.fewshot.training.paused.v1"));
        assertThrows(IllegalArgumentException.class, () -> EventKind.ofTopic("fsl.training.completed.v1.dlq"));
    }
}
