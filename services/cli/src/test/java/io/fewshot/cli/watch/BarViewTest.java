package io.fewshot.cli.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.cli.Events;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlanner;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The bars as rendered: one for the sweep, one per training cell that ends showing how the cell ended. */
class BarViewTest {
    private final RunSpec a = SweepPlanner.plan(Profile.SMOKE).cells().get(0).spec();
    private final RunSpec b = SweepPlanner.plan(Profile.SMOKE).cells().get(1).spec();

    @Test
    void oneBarForTheSweepAndOnePerTrainingCell() {
        List<List<String>> bars = new ArrayList<>();
        BarView view = new BarView(() -> {
            List<String> frames = new ArrayList<>();
            bars.add(frames);
            return new DelegatingProgressBarConsumer(frames::add, 120);
        });
        SweepState s = new SweepState("s1");
        for (CloudEvent<?> e : List.of(Events.requested("s1", a), Events.requested("s1", b),
                Events.progress("s1", a, 4, 10, 0.5), Events.trained("s1", a, 10), Events.evaluated("s1", a, 0.9, 0.01),
                Events.progress("s1", b, 2, 10, 0.3), Events.failed("s1", b, "loss diverged"))) {
            s.apply(e).ifPresent(u -> view.show(s, u));
        }
        view.close();

        assertEquals(3, bars.size(), "the sweep's bar and one per cell");
        String sweep = last(bars.get(0));
        String cellA = last(bars.get(1));
        String cellB = last(bars.get(2));
        assertTrue(sweep.contains("sweep s1") && sweep.contains("2/2"), sweep);
        assertTrue(sweep.contains("1 failed"), sweep);
        assertTrue(cellA.contains(a.runId()) && cellA.contains("100%") && cellA.contains("10/10"), cellA);
        assertTrue(cellB.contains(b.runId()) && cellB.contains("2/10") && cellB.contains("FAILED training: loss diverged"),
                cellB);
    }

    private static String last(List<String> frames) {
        return frames.isEmpty() ? "" : frames.get(frames.size() - 1);
    }
}
