package io.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void theEightTopicsOfTheArchitectureAreNamedInChainOrder() {
        assertEquals(List.of("fsl.dataset.ingested.v1", "fsl.training.requested.v1", "fsl.training.progress.v1",
                "fsl.training.completed.v1", "fsl.training.failed.v1", "fsl.evaluation.completed.v1",
                "fsl.results.registered.v1", "fsl.sweep.completed.v1"), Topics.main());
    }

    @Test
    void everyTopicHasADeadLetterTwinAndAllListsBoth() {
        assertEquals("fsl.training.completed.v1.dlq", Topics.dlq(Topics.TRAINING_COMPLETED));
        List<String> all = Topics.all();
        assertEquals(16, all.size());
        assertEquals(16, new HashSet<>(all).size());
        for (String t : Topics.main()) {
            assertTrue(all.contains(t) && all.contains(t + ".dlq"), t);
        }
    }

    @Test
    void aDeadLetterTopicHasNoTwinOfItsOwn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topics.dlq("fsl.training.completed.v1.dlq"));
        assertTrue(e.getMessage().contains("not an event topic"), e.getMessage());
    }
}
