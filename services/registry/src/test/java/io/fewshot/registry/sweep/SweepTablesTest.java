package io.fewshot.registry.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.RunStatus;
import io.fewshot.registry.db.Views.RunSummary;
import io.fewshot.registry.db.Views.SweepSummary;
import io.fewshot.registry.sweep.SweepTable.Cell;
import io.fewshot.registry.sweep.SweepTable.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placing runs into the paper's tables and printing them; no application needed. */
class SweepTablesTest {
    static final SweepSummary SWEEP = new SweepSummary("s1", "smoke", true, 4, 2, 1, 0, Instant.EPOCH, null, null);

    static RunSummary run(String id, String dataset, String row, int way, int shot, RunStatus status, Double accuracy,
            Instant updated) {
        return new RunSummary(id, dataset, "x", row.startsWith("amortized") ? "amortized-bnn" : row, row, way, shot,
                row.equals("amortized-bnn-5") ? 5 : 1, status, updated, accuracy, accuracy == null ? null : 0.004,
                accuracy == null ? null : 0.02, null, null, status == RunStatus.FAILED ? "loss diverged" : null,
                trained(status) ? 1234 : null, trained(status) ? 61.4 : null);
    }

    private static boolean trained(RunStatus status) {
        return status == RunStatus.TRAINED || status == RunStatus.EVALUATED;
    }

    @Test
    void eachRunLandsInItsTableRowAndColumnBesideThePapersNumber() {
        SweepTable t = SweepTables.build(SWEEP, List.of(
                run("a", "omniglot", "maml", 20, 5, RunStatus.EVALUATED, 0.991, Instant.EPOCH),
                run("b", "mini-imagenet", "amortized-bnn-5", 5, 1, RunStatus.FAILED, null, Instant.EPOCH)));
        Cell maml = t.tables().get(0).rows().get(2).cells().get(3);
        assertEquals("a", maml.runId());
        assertEquals(0.989, maml.paperAccuracy(), 1e-9);
        assertEquals(0.002, maml.difference(), 1e-9);
        assertEquals(Verdict.WITHIN, maml.verdict());
        Cell bnn = t.tables().get(1).rows().get(5).cells().get(0);
        assertEquals(RunStatus.FAILED, bnn.status());
        assertNull(bnn.accuracy());
        assertEquals(0.358, bnn.paperAccuracy(), 1e-9);
        assertTrue(t.otherRuns().isEmpty());
    }

    @Test
    void aRunOutsideThePapersCellsIsListedApart() {
        SweepTable t = SweepTables.build(SWEEP, List.of(
                run("c", "omniglot", "protonet", 10, 1, RunStatus.EVALUATED, 0.9, Instant.EPOCH),
                run("d", "cifar-fs", "protonet", 5, 1, RunStatus.EVALUATED, 0.7, Instant.EPOCH)));
        assertEquals(List.of("c", "d"), t.otherRuns().stream().map(RunSummary::runId).toList());
    }

    @Test
    void ofTwoRunsForOneCellTheEvaluatedOneIsShown() {
        SweepTable t = SweepTables.build(SWEEP, List.of(
                run("late-failure", "omniglot", "protonet", 5, 1, RunStatus.FAILED, null, Instant.ofEpochSecond(9)),
                run("result", "omniglot", "protonet", 5, 1, RunStatus.EVALUATED, 0.99, Instant.ofEpochSecond(1))));
        assertEquals("result", t.tables().get(0).rows().get(1).cells().get(0).runId());
    }

    @Test
    void everyNumberCarriesTheTrainingBehindIt() {
        SweepTable t = SweepTables.build(SWEEP, List.of(
                run("a", "omniglot", "protonet", 5, 1, RunStatus.EVALUATED, 0.95, Instant.EPOCH),
                run("b", "omniglot", "maml", 5, 1, RunStatus.TRAINED, null, Instant.EPOCH),
                run("c", "omniglot", "maml", 5, 5, RunStatus.TRAINING, null, Instant.EPOCH)));
        var rows = t.tables().get(0).rows();
        assertEquals("1234 steps, 61 s", rows.get(1).cells().get(0).budget());
        assertEquals("1234 steps, 61 s", rows.get(2).cells().get(0).budget(), "trained, not yet evaluated");
        assertNull(rows.get(2).cells().get(1).budget(), "still training: no budget to state yet");
        String md = TableRenderer.markdown(t);
        assertTrue(md.contains("| MAML | — (trained); paper 98.7; 1234 steps, 61 s | — (training); paper 99.9 |"), md);
        assertTrue(TableRenderer.csv(t).startsWith("table,dataset,split,row,method,way,shot,run_id,status,accuracy_pct,"
                + "ci95_pct,paper_accuracy_pct,difference_pct,verdict,ece,trained_steps,train_seconds\n"));
    }

    @Test
    void theDifferenceIsJudgedAgainstOurConfidenceInterval() {
        assertEquals(Verdict.WITHIN, Verdict.of(-0.004, 0.005));
        assertEquals(Verdict.ABOVE, Verdict.of(0.006, 0.005));
        assertEquals(Verdict.BELOW, Verdict.of(-0.006, 0.005));
    }

    @Test
    void theRenderingsPrintPercentAsThePaperDoes() {
        SweepTable t = SweepTables.build(SWEEP, List.of(
                run("a", "omniglot", "amortized-bnn-1", 5, 1, RunStatus.EVALUATED, 0.7012, Instant.EPOCH)));
        String md = TableRenderer.markdown(t);
        assertTrue(md.contains("| Amortized BNN, 1 step | 70.1 ± 0.4; paper 68.5 (+1.6); ECE 0.020;"
                + " 1234 steps, 61 s |"), md);
        String csv = TableRenderer.csv(t);
        assertTrue(csv.contains("1,omniglot,vinyals,amortized-bnn-1,\"Amortized BNN, 1 step\",5,1,a,evaluated,70.12,"
                + "0.40,68.5,1.62,above,0.0200,1234,61.4\n"), csv);
        assertEquals(1 + 6 * 4 + 6 * 2, csv.lines().count(), "a header and one line per cell of both tables");
        String html = TableRenderer.html(t);
        assertTrue(html.contains("70.1 ± 0.4<div class=\"paper\">paper 68.5</div><div class=\"above\">+1.6</div>"
                + "<div class=\"ece\">ECE 0.020</div><div class=\"budget\">1234 steps, 61 s</div>"), html);
        assertEquals("&lt;b&gt; &amp; &quot;", TableRenderer.esc("<b> & \""));
    }
}
