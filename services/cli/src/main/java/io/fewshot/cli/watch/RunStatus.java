package io.fewshot.cli.watch;

/**
 * Where one cell stands, in the order a cell moves. Events from different topics arrive in any order
 * (a watcher that starts late reads them all at once), so a cell only ever moves forward; a failure
 * ranks below an evaluation so that a retried run that then succeeds counts as evaluated.
 */
public enum RunStatus {
    PLANNED, REQUESTED, TRAINING, TRAINED, FAILED, EVALUATED;

    public boolean isDone() {
        return this == FAILED || this == EVALUATED;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
