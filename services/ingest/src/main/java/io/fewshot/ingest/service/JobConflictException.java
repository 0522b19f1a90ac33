package io.fewshot.ingest.service;

/** A second ingest of a dataset while one is queued or running: answered 409. */
public class JobConflictException extends RuntimeException {
    private final String runningJobId;

    public JobConflictException(String dataset, String runningJobId) {
        super("dataset " + dataset + " is already being ingested by job " + runningJobId
                + "; wait for it (GET /jobs/" + runningJobId + ") and retry");
        this.runningJobId = runningJobId;
    }

    public String runningJobId() {
        return runningJobId;
    }
}
