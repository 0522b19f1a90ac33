package io.fewshot.cli.watch;

import io.fewshot.contracts.RunStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.cli.Events;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlanner;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepStateTest {
    private final RunSpec a = SweepPlanner.plan(Profile.SMOKE).cells().get(0).spec();
    private final RunSpec b = SweepPlanner.plan(Profile.SMOKE).cells().get(1).spec();

    @Test
    void eventsArrivingOutOfOrderNeverMoveACellBack() {
        SweepState s = new SweepState("s");
        s.apply(Events.evaluated("s", a, 0.9, 0.01));

        assertEquals(Optional.empty(), s.apply(Events.progress("s", a, 3, 10, 0.5)), "late progress is ignored");
        assertEquals(Optional.empty(), s.apply(Events.trained("s", a, 10)));
        assertEquals(RunStatus.EVALUATED, s.cell(a.runId(), false).status());
        assertEquals(1, s.done());
    }

    @Test
    void aRetriedRunThatSucceedsAfterFailingCountsAsEvaluated() {
        SweepState s = new SweepState("s");
        s.apply(Events.failed("s", a, "pod evicted"));
        assertEquals(RunStatus.FAILED, s.cell(a.runId(), false).status());

        s.apply(Events.evaluated("s", a, 0.9, 0.01));

        assertEquals(RunStatus.EVALUATED, s.cell(a.runId(), false).status());
        assertEquals(0, s.count(RunStatus.FAILED));
    }

    @Test
    void otherSweepsAreIgnoredAndCompletionIsOnlyOurs() {
        SweepState s = new SweepState("s");

        assertEquals(Optional.empty(), s.apply(Events.evaluated("t", a, 0.9, 0.01)));
        assertEquals(Optional.empty(), s.apply(Events.sweepCompleted("t", Profile.SMOKE, 1, 1, 0)));
        assertFalse(s.isCompleted());
        assertEquals(0, s.total());

        s.apply(Events.requested("s", a));
        s.apply(Events.requested("s", b));
        s.apply(Events.sweepCompleted("s", Profile.SMOKE, 3, 0, 0));
        assertTrue(s.isCompleted());
        assertEquals(3, s.total(), "the completion's cell count wins over the cells seen");
    }
}
