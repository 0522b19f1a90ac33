package io.fewshot.registry.db;

import io.fewshot.contracts.RunStatus;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/** What the read side returns, as the REST API shows it. Accuracies are fractions in [0, 1]. */
public final class Views {
    private Views() {
    }

    /**
     * One run, flat: its cell, its status, once trained the budget it used (steps reached and training
     * seconds: a number is read with the training behind it) and, once evaluated, its headline result.
     */
    public record RunSummary(String runId, String dataset, String split, String method, String row, int way,
            int shot, int innerSteps, RunStatus status, Instant updatedAt, Double accuracy, Double ci95,
            Double ece, Double paperAccuracy, String failureStage, String failureReason, Integer trainedSteps,
            Double trainSeconds) {
    }

    public record Page<T>(int page, int size, long total, List<T> items) {
    }

    public record CurvePoint(String phase, int step, int totalSteps, double loss, double accuracy,
            Double validationAccuracy) {
    }

    /** A reliability-diagram bar; confidence and accuracy are null for an empty bin. */
    public record ReliabilityBin(double lower, double upper, long count, Double confidence, Double accuracy) {
    }

    public record Training(Integer steps, String stoppedBy, Double wallSeconds, Double bestValAccuracy) {
    }

    public record Evaluation(int episodes, double accuracy, double ci95, double ece, double mce, double nll,
            double brier, int calibrationBins, Double paperAccuracy, Instant evaluatedAt) {
    }

    /** A run with everything the registry knows of it: the learning curve and reliability diagram too. */
    public record RunDetail(RunSummary run, @JsonRawValue String spec, List<String> sweeps, Training training,
            Evaluation evaluation, List<CurvePoint> learningCurve, List<ReliabilityBin> reliability,
            @JsonRawValue String provenance) {
    }

    /**
     * A sweep and its progress. {@code cells} counts the planned cells (or, for a sweep without a
     * plan, the runs requested for it); {@code running} counts cells training or trained.
     */
    public record SweepSummary(String sweepId, String profile, boolean planned, int cells, int evaluated,
            int failed, int running, Instant firstSeenAt, Instant completedAt, String closedBy) {
        public int pending() {
            return cells - evaluated - failed;
        }
    }

    public record LeaderboardEntry(int rank, String runId, String dataset, String method, String row, int way,
            int shot, int innerSteps, double accuracy, double ci95, double ece, Double paperAccuracy) {
    }

    public record LeaderboardGroup(String dataset, int way, int shot, List<LeaderboardEntry> entries) {
    }
}
