package io.fewshot.ingest.bench;

import io.fewshot.ingest.TestData;
import io.fewshot.ingest.core.IngestOutcome;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.ProgressListener;
import io.fewshot.support.DatasetDownloader;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackConfig;
import io.fewshot.localstack.QuietLogging;
import io.fewshot.dataset.format.DatasetReader;
import io.fewshot.dataset.format.FewShotDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Benchmark, not a test (scripts/bench-ingest.sh): the full Omniglot ingested into a fresh local stack,
 * first in a cold JVM (as a command-mode Argo step runs it), then again under another name in the warm JVM
 * (as the long-running service runs it); then the dataset loaded from S3 into a FewShotDataset.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path omniglot = args.length > 0 ? Path.of(args[0]) : TestData.omniglot();
        QuietLogging.apply();
        Path dir = Files.createTempDirectory("bench-ingest-");
        System.out.printf("cores: %d, omniglot: %s%n", Runtime.getRuntime().availableProcessors(), omniglot);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.randomPorts(dir.resolve("stack")));
                TestData.Wired w = TestData.wire(stack, dir.resolve("work"))) {
            double cold = ingest(w, "omniglot", omniglot);
            double warm = ingest(w, "omniglot-warm", omniglot);

            long t0 = System.nanoTime();
            String version = w.ingester().ingest(request("omniglot", omniglot), ProgressListener.NONE)
                    .manifest().version();
            double noop = (System.nanoTime() - t0) / 1e9;

            double cpu1 = cpuSeconds();
            long t1 = System.nanoTime();
            Path folder = new DatasetDownloader(w.store()).download("omniglot", version, dir.resolve("cache"));
            double download = (System.nanoTime() - t1) / 1e9;
            FewShotDataset d = DatasetReader.read(folder);
            double load = (System.nanoTime() - t1) / 1e9;
            double loadCpu = cpuSeconds() - cpu1;
            long t2 = System.nanoTime();
            DatasetReader.read(folder);
            double cached = (System.nanoTime() - t2) / 1e9;

            System.out.printf("%nfull Omniglot ingest, cold JVM:            %6.2f s   (target <= 20 s on 2 cores)%n", cold);
            System.out.printf("full Omniglot ingest, warm JVM:            %6.2f s%n", warm);
            System.out.printf("same source again (no-op):                 %6.2f s%n", noop);
            System.out.printf("load from S3 into a FewShotDataset:        %6.2f s   (target <= 3 s; download %.2f s;"
                    + " %.2f s CPU)%n", load, download, loadCpu);
            System.out.printf("read again from the local cache folder:    %6.2f s%n", cached);
            System.out.printf("dataset: %s%n", d);
            System.out.printf("load average (1 min) at the end: %.1f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static IngestRequest request(String name, Path omniglot) {
        return new IngestRequest(name, "omniglot", omniglot.toString(), null, null);
    }

    /** CPU seconds this process has used: with the wall time it shows how much the machine was shared. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double ingest(TestData.Wired w, String name, Path omniglot) {
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        double[] last = {0};
        String[] phase = {""};
        IngestOutcome outcome = w.ingester().ingest(request(name, omniglot), (p, f) -> {
            if (!p.equals(phase[0])) {
                double now = (System.nanoTime() - t0) / 1e9;
                System.out.printf("  %-24s %-10s at %6.2f s%n", name, p, now);
                phase[0] = p;
                last[0] = now;
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %-24s %d classes, %d images in %.2f s wall, %.2f s CPU%n", name,
                outcome.manifest().classes().size(), outcome.manifest().totalImages(), seconds, cpuSeconds() - cpu0);
        return seconds;
    }
}
