package io.fewshot.ingest.service;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestOutcome;
import io.fewshot.ingest.core.IngestRequest;
import java.time.Instant;

/** One ingest job as the REST API shows it; updated by the worker thread, read by requests. */
public final class Job {
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /** The error of a failed job: a stable code and a message that names the problem. */
    public record Error(String code, String message) {
    }

    /** The dataset a succeeded job committed (or found already committed). */
    public record Result(String name, String version, String manifestKey, boolean created, int classes,
            int images) {
    }

    /** An immutable snapshot for JSON. */
    public record View(String id, String dataset, State state, String phase, double progress, Instant submitted,
            Instant finished, Result result, Error error) {
    }

    private final String id;
    private final IngestRequest request;
    private final Instant submitted = Instant.now();
    private volatile State state = State.QUEUED;
    private volatile String phase = "queued";
    private volatile double progress;
    private volatile Instant finished;
    private volatile Result result;
    private volatile Error error;

    Job(String id, IngestRequest request) {
        this.id = id;
        this.request = request;
    }

    public String id() {
        return id;
    }

    public IngestRequest request() {
        return request;
    }

    public State state() {
        return state;
    }

    void running() {
        state = State.RUNNING;
    }

    void progress(String phase, double fraction) {
        this.phase = phase;
        this.progress = fraction;
    }

    void succeeded(IngestOutcome outcome) {
        var m = outcome.manifest();
        result = new Result(m.name(), m.version(), outcome.manifestKey(), outcome.created(), m.classes().size(),
                m.totalImages());
        progress = 1.0;
        phase = outcome.created() ? "committed" : "already committed";
        finished = Instant.now();
        state = State.SUCCEEDED;
    }

    void failed(RuntimeException e) {
        error = e instanceof IngestException ie ? new Error(ie.slug(), ie.getMessage())
                : new Error("internal-error", e.toString());
        finished = Instant.now();
        state = State.FAILED;
    }

    public View view() {
        return new View(id, request.name(), state, phase, progress, submitted, finished, result, error);
    }
}
