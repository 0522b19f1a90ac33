package io.fewshot.evaluator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlanner;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.support.EventLog;
import io.fewshot.support.LocalStackResource;
import io.fewshot.support.TinyDataset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, off by default ({@code -Dfsb.bench=true}): the smoke profile's Omniglot cells (the
 * amortized BNN left out: its 2,000-step backbone pretraining alone would dominate) through the
 * real chain — the trainer as its own process, the evaluator in-process, Kafka and S3 of the local
 * stack — on a synthetic stand-in for Omniglot (200 classes of 20 28x28 images, committed as
 * omniglot/vinyals, so the cells and their run ids are the smoke plan's own).
 *
 * <p>Reports the share of the sweep's wall time during which neither training nor evaluation ran:
 * each run's training interval is [completion time - its trainSeconds, completion time], each
 * evaluation's [evaluation event time - its seconds, event time]; the rest of the wall time is
 * Kafka, S3, start-up and waiting.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = "prefix", value = "evaluator"))
class SmokeSweepOverheadBench {
    @Test
    void shareOfSweepWallTimeOutsideTrainingAndEvaluation() throws Exception {
        assumeTrue(Boolean.getBoolean("fsb.bench"), "a benchmark: run with -Dfsb.bench=true");
        try (S3Store s3 = LocalStackResource.newS3Store()) {
            TinyDataset.commit(s3, "omniglot", "vinyals", 200, 20);
        }
        // -Dfsb.bench.methods=protonet,matching-nets narrows the cells (MAML's smoke cells take minutes each here).
        List<String> methods = List.of(System.getProperty("fsb.bench.methods", "matching-nets,protonet,maml,meta-sgd")
                .split(","));
        List<RunSpec> cells = SweepPlanner.plan(Profile.SMOKE).cells().stream().map(Cell::spec)
                .filter(s -> s.dataset().equals("omniglot") && s.method() != Method.AMORTIZED_BNN)
                .filter(s -> methods.contains(s.method().id())).toList();
        String kafka = LocalStackResource.stack().bootstrapServers();
        Instant launched = Instant.now();
        Instant published;
        Instant end;
        try (TrainerProcess t = TrainerProcess.start(LocalStackResource.stack(), Files.createTempDirectory("bench"),
                "bench")) {
            published = Instant.now();
            for (RunSpec spec : cells) {
                EventLog.publish(kafka, CloudEvent.of(Sources.PLANNER, TrainingRequested.of("smoke-bench", spec, false)));
            }
            for (RunSpec spec : cells) {
                EventLog.await(kafka, Topics.EVALUATION_COMPLETED, EvaluationCompleted.class, spec.runId(), e -> true,
                        Duration.ofMinutes(15));
            }
            end = Instant.now();
        }
        List<double[]> busy = new ArrayList<>();
        double train = 0;
        double eval = 0;
        ObjectMapper json = new ObjectMapper();
        try (S3Store s3 = LocalStackResource.newS3Store()) {
            for (RunSpec spec : cells) {
                CloudEvent<TrainingCompleted> c = EventLog.events(kafka, Topics.TRAINING_COMPLETED,
                        TrainingCompleted.class, spec.runId()).get(0);
                CloudEvent<EvaluationCompleted> e = EventLog.events(kafka, Topics.EVALUATION_COMPLETED,
                        EvaluationCompleted.class, spec.runId()).get(0);
                double evalSeconds = json.readTree(s3.getBytesOrNull(ObjectKeys.evaluation(spec.runId())))
                        .at("/result/seconds").asDouble();
                double cEnd = c.time().toEpochMilli() / 1e3;
                double eEnd = e.time().toEpochMilli() / 1e3;
                busy.add(new double[] {cEnd - c.data().wallSeconds(), cEnd});
                busy.add(new double[] {eEnd - evalSeconds, eEnd});
                train += c.data().wallSeconds();
                eval += evalSeconds;
            }
        }
        double union = union(busy);
        double wallAll = Duration.between(launched, end).toMillis() / 1e3;
        double wallRequests = Duration.between(published, end).toMillis() / 1e3;
        String report = String.format(java.util.Locale.ROOT, """
                smoke sweep, %d cells of %s (Omniglot stand-in), trainer process + evaluator, 1 thread each
                training (sum of trainSeconds)       %8.1f s
                evaluation (sum of eval seconds)     %8.1f s
                busy (union of both)                 %8.1f s
                wall, from trainer launch            %8.1f s  -> outside training/evaluation %.1f%%
                wall, from first request             %8.1f s  -> outside training/evaluation %.1f%%
                """, cells.size(), methods, train, eval, union, wallAll, 100 * (1 - union / wallAll), wallRequests,
                100 * (1 - union / wallRequests));
        System.out.println(report);
        Path out = Path.of("target/bench/sweep-overhead.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static double union(List<double[]> intervals) {
        List<double[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingDouble(i -> i[0]));
        double total = 0;
        double start = sorted.get(0)[0];
        double stop = sorted.get(0)[1];
        for (double[] i : sorted.subList(1, sorted.size())) {
            if (i[0] > stop) {
                total += stop - start;
                start = i[0];
                stop = i[1];
            } else {
                stop = Math.max(stop, i[1]);
            }
        }
        return total + (stop - start);
    }
}
