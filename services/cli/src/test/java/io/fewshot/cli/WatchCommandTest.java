package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.contracts.sweep.SweepPlanner;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code fsb watch} on the real local stack, fed with synthetic events of the chain. */
@ExtendWith(LocalStackExtension.class)
class WatchCommandTest {

    /** The first three cells of the smoke plan: Matching Networks on Omniglot 5w1s, 5w5s, 20w1s. */
    private static SweepPlan threeCells(String sweepId) {
        List<Cell> first = SweepPlanner.plan(Profile.SMOKE).cells().subList(0, 3);
        return SweepPlan.of(Profile.SMOKE, first).withSweepId(sweepId);
    }

    private static Map<String, String> env(LocalStack stack, String registryUrl) {
        Map<String, String> env = new HashMap<>(StackEnv.of(stack));
        env.put(FsbConfig.REGISTRY_URL, registryUrl);
        return env;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void followsTheSweepLiveEndsOnCompletionAndPrintsTheTableFromEvents(LocalStack stack) throws Exception {
        SweepPlan plan = threeCells("watch-live");
        RunSpec a = plan.cells().get(0).spec();
        RunSpec b = plan.cells().get(1).spec();
        RunSpec c = plan.cells().get(2).spec();
        try (SweepObjects objects = new SweepObjects(FsbConfig.fromEnvironment(StackEnv.of(stack)))) {
            objects.putPlan(plan);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String registryDown = "http://127.0.0.1:" + Loopback.closedPort();
        try (KafkaProducer<String, byte[]> producer = StackEnv.producer(stack)) {
            // Before the watcher starts: the requests, and cell a all the way through.
            for (RunSpec s : List.of(a, b, c)) {
                StackEnv.publish(producer, Events.requested("watch-live", s));
            }
            StackEnv.publish(producer, Events.progress("watch-live", a, 5, 10, 0.6));
            StackEnv.publish(producer, Events.trained("watch-live", a, 10));
            StackEnv.publish(producer, Events.evaluated("watch-live", a, 0.97, 0.005));
            // Another sweep's result for the same run must not count.
            StackEnv.publish(producer, Events.evaluated("another-sweep", b, 0.42, 0.01));

            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                    return new Fsb(env(stack, registryDown), o, e).execute("watch", "--sweep", "watch-live", "--plain",
                            "--timeout", "90s");
                }
            });
            await(() -> err.toString(StandardCharsets.UTF_8).contains(a.runId() + " evaluated"), "cell a's result");

            // While it watches: b trains and is evaluated, c fails, the registry closes the sweep.
            StackEnv.publish(producer, Events.progress("watch-live", b, 10, 10, 0.8));
            StackEnv.publish(producer, Events.trained("watch-live", b, 10));
            StackEnv.publish(producer, Events.evaluated("watch-live", b, 0.9, 0.01));
            await(() -> err.toString(StandardCharsets.UTF_8).contains(b.runId() + " evaluated"), "cell b's result");
            StackEnv.publish(producer, Events.failed("watch-live", c, "loss diverged (NaN) at step 7"));
            StackEnv.publish(producer, Events.sweepCompleted("watch-live", Profile.SMOKE, 3, 2, 1));

            assertEquals(0, exit.get(60, TimeUnit.SECONDS), () -> err.toString(StandardCharsets.UTF_8));
        }
        String log = err.toString(StandardCharsets.UTF_8);
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("[1/3] " + a.runId() + " evaluated: 97.0% ± 0.5 (paper 98.1%)"), log);
        assertTrue(log.contains("[1/3] " + b.runId() + " train 10/10 steps, accuracy 80.0%"), log);
        assertTrue(log.contains("[2/3] " + b.runId() + " evaluated: 90.0% ± 1.0 (paper 98.9%)"), log);
        assertTrue(log.contains("[3/3] " + c.runId() + " FAILED in training: loss diverged (NaN) at step 7"), log);
        assertTrue(log.contains("completed: sweep watch-live (smoke profile): 3 cells, 2 evaluated, 1 failed, 0 pending"),
                log);
        assertTrue(log.contains("did not give the table; built from events"), log);
        assertTrue(table.startsWith("# Sweep watch-live (from its events)\n"), table);
        assertTrue(table.contains("| Matching Networks | 97.0 ± 0.5; paper 98.1; 10 steps, 12 s"
                + " | 90.0 ± 1.0; paper 98.9; 10 steps, 12 s |"
                + " — (failed); paper 93.8 | — (not in sweep); paper 98.7 |"), table);
        assertTrue(table.contains("| Prototypical Nets | — (not in sweep); paper 98.8 |"), table);
        assertTrue(table.contains("- " + c.runId() + ": training: loss diverged (NaN) at step 7"), table);
        assertTrue(!table.contains("Table 2: miniImageNet"), "no table for a dataset the sweep has no cell of");
    }

    @Test
    void printsTheRegistrysTableWhenTheRegistryAnswers(LocalStack stack) throws Exception {
        try (FakeRegistry registry = new FakeRegistry().serve("watch-reg", "md", FakeRegistry.TABLE_MD);
                KafkaProducer<String, byte[]> producer = StackEnv.producer(stack)) {
            RunSpec a = threeCells("watch-reg").cells().get(0).spec();
            StackEnv.publish(producer, Events.evaluated("watch-reg", a, 0.95, 0.01));
            StackEnv.publish(producer, Events.sweepCompleted("watch-reg", Profile.SMOKE, 1, 1, 0));

            FsbRun run = FsbRun.run(env(stack, registry.url()), "watch", "--sweep", "watch-reg", "--plain",
                    "--timeout", "60s");

            assertEquals(0, run.exit(), run::toString);
            assertEquals(FakeRegistry.TABLE_MD, run.out());
            assertTrue(run.err().contains("completed: sweep watch-reg (smoke profile): 1 cells, 1 evaluated"),
                    run::toString);
        }
    }

    @Test
    void givesUpAtTheTimeoutWithExitCode3AndPrintsWhatItSaw(LocalStack stack) throws Exception {
        RunSpec a = threeCells("watch-stuck").cells().get(0).spec();
        try (KafkaProducer<String, byte[]> producer = StackEnv.producer(stack)) {
            StackEnv.publish(producer, Events.requested("watch-stuck", a));
            StackEnv.publish(producer, Events.progress("watch-stuck", a, 3, 10, 0.4));
        }

        FsbRun run = FsbRun.run(env(stack, "http://127.0.0.1:" + Loopback.closedPort()), "watch", "--sweep",
                "watch-stuck", "--plain", "--timeout", "4s");

        assertEquals(3, run.exit(), run::toString);
        assertTrue(run.err().contains("sweep watch-stuck did not complete within 4s"), run::toString);
        assertTrue(run.err().contains("[0/1] " + a.runId() + " train 3/10 steps"), run::toString);
        assertTrue(run.out().contains("| Matching Networks | — (training); paper 98.1 |"), run::toString);
    }
}
