package io.fewshot.ingest.cli;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestOutcome;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.Ingester;
import io.fewshot.rest.ServiceMain;
import jakarta.enterprise.context.Dependent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ingest --name omniglot --source <url-or-path> [--sha256 ...]}: exit 0 committed or existing, 2 bad input, 1 other failure. */
@Dependent
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest a dataset archive into S3 as verified shards and a manifest.")
public class IngestCommand implements Callable<Integer> {
    public static final int BAD_INPUT = ServiceMain.FAILED;
    public static final int FAILED = ServiceMain.RETRYABLE;

    @Option(names = "--name", required = true, description = "dataset name, e.g. omniglot or mini-imagenet")
    String name;

    @Option(names = "--source", required = true, description = "comma-separated https URLs and/or local paths")
    String source;

    @Option(names = "--sha256", description = "expected sha256: one digest, or name=digest pairs")
    String sha256;

    @Option(names = "--format", description = "omniglot or mini-imagenet (default: from the name)")
    String format;

    @Option(names = "--images-per-class", description = "images every class must have (fixtures only)")
    Integer imagesPerClass;

    private final Ingester ingester;

    public IngestCommand(Ingester ingester) {
        this.ingester = ingester;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        try {
            IngestOutcome outcome = ingester.ingest(new IngestRequest(name, format, source, sha256, imagesPerClass),
                    new ConsoleProgress());
            var m = outcome.manifest();
            System.out.printf("%s %s/%s: %d classes, %d images, %s in %.1f s%n",
                    outcome.created() ? "committed" : "already committed", m.name(), m.version(), m.classes().size(),
                    m.totalImages(), outcome.manifestKey(), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (IngestException e) {
            System.err.println("ingest failed [" + e.slug() + "]: " + e.getMessage());
            return e.code() == IngestException.Code.STORAGE_FAILURE ? FAILED : BAD_INPUT;
        } catch (RuntimeException e) {
            System.err.println("ingest failed: " + e);
            return FAILED;
        }
    }

    /** Prints each phase once and progress in 10% steps, for logs (Argo, CI). */
    private static final class ConsoleProgress implements io.fewshot.ingest.core.ProgressListener {
        private String phase = "";
        private int decile = -1;

        @Override
        public synchronized void update(String p, double fraction) {
            int d = (int) (fraction * 10);
            if (!p.equals(phase) || d != decile) {
                phase = p;
                decile = d;
                System.out.printf("  %-11s %3d%%%n", p, (int) (fraction * 100));
            }
        }
    }
}
