package io.fewshot.ingest.service;

import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.Ingester;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs ingest jobs in the background and remembers them. At most one job per dataset name is queued or
 * running at a time: a second request for it is refused with 409 rather than racing the first.
 */
@ApplicationScoped
public class JobRegistry {
    private static final Logger LOG = Logger.getLogger(JobRegistry.class);

    private final Ingester ingester;
    private final MeterRegistry meters;
    private final ExecutorService workers;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Job> activeByDataset = new ConcurrentHashMap<>();

    public JobRegistry(Ingester ingester, MeterRegistry meters, IngestConfig config) {
        this.ingester = ingester;
        this.meters = meters;
        this.workers = Executors.newFixedThreadPool(config.jobThreads(), r -> {
            Thread t = new Thread(r, "ingest-job");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a job, or throws {@link JobConflictException} if the dataset already has one in flight. */
    public Job submit(IngestRequest request) {
        Job job = new Job(UUID.randomUUID().toString(), request);
        Job active = activeByDataset.putIfAbsent(request.name(), job);
        if (active != null) {
            throw new JobConflictException(request.name(), active.id());
        }
        jobs.put(job.id(), job);
        workers.submit(() -> run(job));
        return job;
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(Job job) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "failed";
        try {
            job.running();
            var result = ingester.ingest(job.request(), job::progress);
            job.succeeded(result);
            outcome = result.created() ? "created" : "existing";
            LOG.infof("job %s: %s %s/%s", job.id(), outcome, result.manifest().name(), result.manifest().version());
        } catch (RuntimeException e) {
            job.failed(e);
            LOG.warnf("job %s (%s) failed: %s", job.id(), job.request().name(), e.getMessage());
        } finally {
            activeByDataset.remove(job.request().name(), job);
            sample.stop(meters.timer("ingest.job.duration", "outcome", outcome));
            meters.counter("ingest.jobs", "outcome", outcome).increment();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
