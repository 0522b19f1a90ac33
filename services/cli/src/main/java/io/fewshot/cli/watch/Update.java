package io.fewshot.cli.watch;

/**
 * What one event changed: a cell ({@code runId}) or the sweep as a whole ({@code runId} null).
 */
public record Update(Kind kind, String runId) {
    public enum Kind { REQUESTED, PROGRESS, TRAINED, FAILED, EVALUATED, COMPLETED }
}
