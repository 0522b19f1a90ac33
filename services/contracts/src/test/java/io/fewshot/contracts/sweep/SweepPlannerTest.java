package io.fewshot.contracts.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {
    private static final SweepPlan PAPER = SweepPlanner.plan(Profile.PAPER);

    @Test
    void paperProfileHasExactlyTheThirtySixCellsOfTablesOneAndTwo() {
        assertEquals(36, PAPER.cells().size());
        Set<String> coordinates = PAPER.cells().stream()
                .map(c -> c.spec().dataset() + "/" + c.spec().split() + "/" + c.row().id() + "/" + c.column().label())
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (TableRow row : TableRow.values()) {
            for (String col : List.of("5w1s", "5w5s", "20w1s", "20w5s")) {
                expected.add("omniglot/vinyals-trainval/" + row.id() + "/" + col);
            }
            for (String col : List.of("5w1s", "5w5s")) {
                expected.add("mini-imagenet/ravi/" + row.id() + "/" + col);
            }
        }
        assertEquals(expected, coordinates);
    }

    @Test
    void everyCellHasThePapersReferenceNumber() {
        for (Cell c : PAPER.cells()) {
            assertTrue(PaperTables.accuracyPercent(c.spec()).isPresent(), c.runId());
        }
    }

    @Test
    void runIdsAreDistinctAndStableAcrossPlanning() {
        List<String> ids = PAPER.cells().stream().map(Cell::runId).toList();
        assertEquals(36, new HashSet<>(ids).size());
        SweepPlan again = SweepPlanner.plan(Profile.PAPER);
        assertEquals(ids, again.cells().stream().map(Cell::runId).toList());
        assertEquals(PAPER.sweepId(), again.sweepId());
    }

    @Test
    void runIdsMatchTheGoldenValuesSoTheCanonicalFormCannotDriftUnnoticed() {
        // Computed once from this code and written here on purpose: if this fails, the canonical
        // JSON, a default, or the hash changed, and every stored run and result is orphaned.
        RunSpec maml = cell(PAPER, "omniglot", TableRow.MAML, 5, 1).spec();
        assertEquals("omniglot-maml-5w1s-205203948533", maml.runId());
        assertEquals("mini-imagenet-amortized-bnn-5w5s-160755e1b188",
                cell(PAPER, "mini-imagenet", TableRow.AMORTIZED_BNN_5, 5, 5).runId());
        assertEquals("paper-e640207b5aad", PAPER.sweepId());
    }

    @Test
    void mamlUsesFinnEtAlsPublishedSettings() {
        RunSpec o5 = cell(PAPER, "omniglot", TableRow.MAML, 5, 1).spec();
        assertEquals(1, o5.innerSteps());
        assertEquals(0.4, o5.innerLr());
        assertEquals(32, o5.hyper(HyperKeys.META_BATCH, 0));
        assertEquals(3, o5.hyper(HyperKeys.TEST_INNER_STEPS, 0));
        assertEquals(64, o5.hyper(HyperKeys.FILTERS, 0));
        assertFalse(o5.hyper(HyperKeys.FIRST_ORDER, true));
        assertEquals(60_000, o5.budget().steps());

        RunSpec o20 = cell(PAPER, "omniglot", TableRow.MAML, 20, 5).spec();
        assertEquals(0.1, o20.innerLr());
        assertEquals(16, o20.hyper(HyperKeys.META_BATCH, 0));

        RunSpec mini = cell(PAPER, "mini-imagenet", TableRow.MAML, 5, 1).spec();
        assertEquals(5, mini.innerSteps());
        assertEquals(0.01, mini.innerLr());
        assertEquals(10, mini.hyper(HyperKeys.TEST_INNER_STEPS, 0));
        assertEquals(4, mini.hyper(HyperKeys.META_BATCH, 0));
        assertEquals(32, mini.hyper(HyperKeys.FILTERS, 0));
        assertEquals(15, mini.hyper(HyperKeys.TRAIN_QUERY, 0));
        assertEquals(2, cell(PAPER, "mini-imagenet", TableRow.MAML, 5, 5).spec().hyper(HyperKeys.META_BATCH, 0));
    }

    @Test
    void theBnnTrainsOnFifteenQueriesPerClassWhereMamlTrainsOnAsManyAsShots() {
        for (TableRow bnn : List.of(TableRow.AMORTIZED_BNN_1, TableRow.AMORTIZED_BNN_5)) {
            assertEquals(15, cell(PAPER, "omniglot", bnn, 5, 1).spec().hyper(HyperKeys.TRAIN_QUERY, 0));
            assertEquals(15, cell(PAPER, "omniglot", bnn, 20, 5).spec().hyper(HyperKeys.TRAIN_QUERY, 0));
        }
        assertEquals(1, cell(PAPER, "omniglot", TableRow.MAML, 5, 1).spec().hyper(HyperKeys.TRAIN_QUERY, 0));
        assertEquals(5, cell(PAPER, "omniglot", TableRow.META_SGD, 20, 5).spec().hyper(HyperKeys.TRAIN_QUERY, 0));
    }

    @Test
    void metaSgdTakesOneStepFromMamlsStepSize() {
        RunSpec s = cell(PAPER, "mini-imagenet", TableRow.META_SGD, 5, 1).spec();
        assertEquals(Method.META_SGD, s.method());
        assertEquals(1, s.innerSteps());
        assertEquals(1, s.hyper(HyperKeys.TEST_INNER_STEPS, 0));
        assertEquals(0.01, s.innerLr());
        assertEquals(32, s.hyper(HyperKeys.FILTERS, 0));
    }

    @Test
    void prototypicalNetworksTrainWithMoreWaysAndAStepSchedule() {
        assertEquals(60, cell(PAPER, "omniglot", TableRow.PROTO_NETS, 5, 1).spec().hyper(HyperKeys.TRAIN_WAY, 0));
        assertEquals(60, cell(PAPER, "omniglot", TableRow.PROTO_NETS, 20, 5).spec().hyper(HyperKeys.TRAIN_WAY, 0));
        assertEquals(30, cell(PAPER, "mini-imagenet", TableRow.PROTO_NETS, 5, 1).spec().hyper(HyperKeys.TRAIN_WAY, 0));
        RunSpec p = cell(PAPER, "mini-imagenet", TableRow.PROTO_NETS, 5, 5).spec();
        assertEquals(20, p.hyper(HyperKeys.TRAIN_WAY, 0));
        assertEquals("step", p.hyper(HyperKeys.LR_SCHEDULE, ""));
        assertEquals(2000, p.hyper(HyperKeys.LR_DECAY_EVERY, 0));
        assertEquals(0.5, p.hyper(HyperKeys.LR_DECAY_FACTOR, 0.0));
        assertEquals(0, p.innerSteps());
        assertEquals(64, p.hyper(HyperKeys.FILTERS, 0));
    }

    @Test
    void matchingNetworksTrainAtTestWayWithFceOnlyWhereThePapersNumberIsAnFceResult() {
        RunSpec m = cell(PAPER, "omniglot", TableRow.MATCHING_NETS, 20, 1).spec();
        assertEquals(20, m.hyper(HyperKeys.TRAIN_WAY, 0));
        assertFalse(m.hyper(HyperKeys.FCE, true));
        assertTrue(cell(PAPER, "mini-imagenet", TableRow.MATCHING_NETS, 5, 1).spec().hyper(HyperKeys.FCE, false));
    }

    @Test
    void theAmortizedBnnRowsDifferOnlyInTheirInnerLoop() {
        RunSpec one = cell(PAPER, "omniglot", TableRow.AMORTIZED_BNN_1, 5, 1).spec();
        RunSpec five = cell(PAPER, "omniglot", TableRow.AMORTIZED_BNN_5, 5, 1).spec();
        assertEquals(1, one.innerSteps());
        assertEquals(1.0, one.innerLr());
        assertEquals(5, five.innerSteps());
        assertEquals(0.5, five.innerLr());
        assertEquals("faithful", one.hyper(HyperKeys.VARIANT, ""));
        assertEquals("256-128-64-64", one.hyper(HyperKeys.HIDDEN, ""));
        Map<String, Object> h1 = new TreeMap<>(one.hyperparameters());
        Map<String, Object> h5 = new TreeMap<>(five.hyperparameters());
        h1.remove(HyperKeys.TEST_INNER_STEPS);
        h5.remove(HyperKeys.TEST_INNER_STEPS);
        assertEquals(h1, h5);
    }

    @Test
    void everyCellTestsOnFifteenQueriesPerClassWithAFixedSeed() {
        for (Profile p : Profile.values()) {
            for (Cell c : SweepPlanner.plan(p).cells()) {
                assertEquals(SweepDefaults.TEST_QUERY, c.spec().query());
                assertEquals(SweepDefaults.SEED, c.spec().seed());
            }
        }
    }

    @Test
    void smokeQuickAndCpuPlanTheSameCellsWithSmallerBudgets() {
        for (Profile small : List.of(Profile.SMOKE, Profile.QUICK, Profile.CPU)) {
            SweepPlan plan = SweepPlanner.plan(small);
            assertEquals(36, plan.cells().size());
            for (int i = 0; i < 36; i++) {
                RunSpec p = PAPER.cells().get(i).spec();
                RunSpec s = plan.cells().get(i).spec();
                assertEquals(PAPER.cells().get(i).row(), plan.cells().get(i).row());
                if (small == Profile.QUICK) {
                    // Quick's two documented departures (fewer BNN draws, a smaller 20-way meta-batch).
                    assertEquals(without(withoutSchedule(p), SweepDefaults.QUICK_DEPARTURES),
                            without(withoutSchedule(s), SweepDefaults.QUICK_DEPARTURES), s.runId());
                } else {
                    assertEquals(withoutSchedule(p), withoutSchedule(s), s.runId());
                }
                assertTrue(s.budget().steps() < p.budget().steps(), s.runId());
                assertTrue(s.budget().hasWallClockCap(), s.runId());
                assertTrue(s.hyper(HyperKeys.TEST_EPISODES, 0) < p.hyper(HyperKeys.TEST_EPISODES, 0));
                assertNotEquals(p.runId(), s.runId());
            }
        }
    }

    @Test
    void smokeIsAHandfulOfStepsAndValidatesOnceAtTheEndWhereItHasAValPool() {
        for (Cell c : SweepPlanner.plan(Profile.SMOKE).cells()) {
            RunSpec s = c.spec();
            assertTrue(s.budget().steps() <= 20);
            int validateEvery = s.hyper(HyperKeys.VALIDATE_EVERY, -1);
            assertEquals(c.table() == PaperTable.OMNIGLOT ? 0 : s.budget().steps(), validateEvery, c.runId());
            assertTrue(s.hyper(HyperKeys.TEST_EPISODES, 0) <= 50);
        }
    }

    @Test
    void omniglotCellsTrainOnTrainPlusValAndNeverValidate() {
        for (Profile p : Profile.values()) {
            for (Cell c : SweepPlanner.plan(p).cells()) {
                RunSpec s = c.spec();
                if (c.table() == PaperTable.OMNIGLOT) {
                    assertEquals("vinyals-trainval", s.split(), c.runId());
                    assertEquals(0, s.hyper(HyperKeys.VALIDATE_EVERY, -1), c.runId());
                    assertFalse(s.hyperparameters().containsKey(HyperKeys.VALIDATION_EPISODES), c.runId());
                } else {
                    assertEquals("ravi", s.split(), c.runId());
                    assertTrue(s.hyper(HyperKeys.VALIDATE_EVERY, 0) > 0, c.runId());
                }
            }
        }
    }

    @Test
    void mamlAndMetaSgdUseFinnEtAlsStridedNetworkOnOmniglotAndPoolingOnMiniImageNet() {
        for (Cell c : PAPER.cells()) {
            RunSpec s = c.spec();
            boolean gradientBased = s.method() == Method.MAML || s.method() == Method.META_SGD;
            String expected = !gradientBased ? null : c.table() == PaperTable.OMNIGLOT ? "strided" : "pooled";
            assertEquals(expected, s.hyperparameters().get(HyperKeys.NETWORK), c.runId());
        }
    }

    @Test
    void cpuCapsEveryCellAtFifteenMinutesOrLess() {
        long total = 0;
        for (Cell c : SweepPlanner.plan(Profile.CPU).cells()) {
            assertTrue(c.spec().budget().wallSeconds() <= 900, c.runId());
            total += c.spec().budget().wallSeconds();
        }
        assertEquals(24 * 600 + 12 * 900, total);
    }

    @Test
    void smokeIsUnchangedByTheQuickProfile() {
        // Computed before the quick profile existed (then again after the BNN cells took beta = 1e-5 of the
        // tempered ELBO, and 15 training queries on Omniglot): smoke stays the plumbing check it was.
        SweepPlan smoke = SweepPlanner.plan(Profile.SMOKE);
        assertEquals("smoke-6bd6073ae55d", smoke.sweepId());
        assertEquals("cpu-a55f3b7be6b5", SweepPlanner.plan(Profile.CPU).sweepId());
        for (Cell c : smoke.cells()) {
            assertEquals(new io.fewshot.contracts.Budget(10, 15), c.spec().budget(), c.runId());
        }
    }

    @Test
    void quickCapsEveryOmniglotCellAndFinishesTheTableInTwentyMinutesOnTwoWorkers() {
        List<RunSpec> omniglot = SweepPlanner.plan(Profile.QUICK).cells().stream()
                .filter(c -> c.table() == PaperTable.OMNIGLOT).map(Cell::spec).toList();
        assertEquals(24, omniglot.size());
        for (RunSpec s : omniglot) {
            assertTrue(s.budget().hasWallClockCap(), s.runId());
            // Long enough to measure something, short enough to sum to 20 minutes.
            assertTrue(s.budget().wallSeconds() >= 45 && s.budget().wallSeconds() <= 150, s.runId());
        }
        long wall = SweepDefaults.quickWallSeconds(omniglot);
        assertTrue(wall <= SweepDefaults.QUICK_LIMIT_SECONDS, wall + " s");
        // The figure SweepDefaults' comment works out: the numbers and their arithmetic cannot drift apart.
        assertEquals(1137, wall);
        assertEquals(1590, omniglot.stream().mapToLong(s -> s.budget().wallSeconds()).sum());
    }

    @Test
    void quickBudgetsTheBnnsSharedExtractorAndCountsItOnlyWhereABnnCellRuns() {
        List<RunSpec> quick = SweepPlanner.plan(Profile.QUICK).cells().stream()
                .filter(c -> c.table() == PaperTable.OMNIGLOT).map(Cell::spec).toList();
        for (RunSpec s : quick) {
            if (s.method() == Method.AMORTIZED_BNN) {
                assertEquals(SweepDefaults.QUICK_PRETRAIN_STEPS, s.hyper(HyperKeys.PRETRAIN_STEPS, 0), s.runId());
            }
        }
        List<RunSpec> protonet = quick.stream().filter(s -> s.method() == Method.PROTO_NETS).toList();
        List<RunSpec> bnn = quick.stream().filter(s -> s.method() == Method.AMORTIZED_BNN).toList();
        long capsAndOverhead = 4 * (60 + SweepDefaults.QUICK_CELL_OVERHEAD_SECONDS);
        assertEquals(SweepDefaults.QUICK_START_SECONDS + capsAndOverhead / 2
                + (60 + SweepDefaults.QUICK_CELL_OVERHEAD_SECONDS) / 2 + SweepDefaults.QUICK_TAIL_SECONDS,
                SweepDefaults.quickWallSeconds(protonet), "no extractor without a BNN cell");
        long bnnWork = bnn.stream().mapToLong(s -> s.budget().wallSeconds() + SweepDefaults.QUICK_CELL_OVERHEAD_SECONDS)
                .sum();
        assertEquals(SweepDefaults.QUICK_START_SECONDS + (bnnWork + SweepDefaults.QUICK_PRETRAIN_SECONDS) / 2
                + (75 + SweepDefaults.QUICK_CELL_OVERHEAD_SECONDS) / 2 + SweepDefaults.QUICK_TAIL_SECONDS,
                SweepDefaults.quickWallSeconds(bnn));
    }

    @Test
    void quickStepsLieBetweenSmokesAndCpusAndItsTestsAreCheaperThanCpus() {
        SweepPlan smoke = SweepPlanner.plan(Profile.SMOKE);
        SweepPlan quick = SweepPlanner.plan(Profile.QUICK);
        SweepPlan cpu = SweepPlanner.plan(Profile.CPU);
        for (int i = 0; i < quick.cells().size(); i++) {
            RunSpec q = quick.cells().get(i).spec();
            assertTrue(q.budget().steps() > smoke.cells().get(i).spec().budget().steps(), q.runId());
            assertTrue(q.budget().steps() < cpu.cells().get(i).spec().budget().steps(), q.runId());
            assertTrue(q.budget().wallSeconds() > smoke.cells().get(i).spec().budget().wallSeconds(), q.runId());
            assertEquals(100, q.hyper(HyperKeys.TEST_EPISODES, 0), q.runId());
        }
    }

    @Test
    void aPlanReadsBackEqualFromItsJson() {
        SweepPlan plan = SweepPlanner.plan(Profile.SMOKE);
        assertEquals(plan, SweepPlan.fromJson(plan.toJson()));
    }

    @Test
    void aFilteredPlanIsASweepOfItsOwn() {
        SweepPlan omniglotMaml = PAPER.filter(c -> c.row() == TableRow.MAML && c.table() == PaperTable.OMNIGLOT);
        assertEquals(4, omniglotMaml.cells().size());
        assertNotEquals(PAPER.sweepId(), omniglotMaml.sweepId());
        assertTrue(omniglotMaml.sweepId().startsWith("paper-"));
        assertEquals("rerun-1", PAPER.withSweepId("rerun-1").sweepId());
        String firstRun = PAPER.cells().get(0).runId();
        assertEquals(PAPER.cells().get(0), PAPER.cell(firstRun).orElseThrow());
        assertTrue(omniglotMaml.cell(firstRun).isEmpty());
    }

    private static Cell cell(SweepPlan plan, String dataset, TableRow row, int way, int shot) {
        return plan.cells().stream()
                .filter(c -> c.spec().dataset().equals(dataset) && c.row() == row
                        && c.spec().way() == way && c.spec().shot() == shot)
                .findFirst().orElseThrow();
    }

    /** The spec with the profile-dependent parts (budget, episode counts) blanked out. */
    private static RunSpec without(RunSpec s, java.util.Set<String> keys) {
        Map<String, Object> h = new TreeMap<>(s.hyperparameters());
        h.keySet().removeAll(keys);
        return new RunSpec(s.dataset(), s.split(), s.method(), s.way(), s.shot(), s.query(), s.innerSteps(),
                s.innerLr(), s.budget(), s.seed(), h);
    }

    private static RunSpec withoutSchedule(RunSpec s) {
        Map<String, Object> h = new TreeMap<>(s.hyperparameters());
        h.keySet().removeAll(SweepDefaults.SCHEDULE_KEYS);
        return new RunSpec(s.dataset(), s.split(), s.method(), s.way(), s.shot(), s.query(), s.innerSteps(),
                s.innerLr(), io.fewshot.contracts.Budget.steps(1), s.seed(), h);
    }
}
