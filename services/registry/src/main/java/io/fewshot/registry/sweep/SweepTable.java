package io.fewshot.registry.sweep;

import io.fewshot.contracts.sweep.SpentBudget;
import io.fewshot.contracts.RunStatus;
import io.fewshot.registry.db.Views.RunSummary;
import io.fewshot.registry.db.Views.SweepSummary;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A sweep's results laid out as the paper's Tables 1 and 2: rows are methods, columns N-way
 * K-shot, and each cell holds the paper's accuracy beside ours. Fractions in [0, 1], like the API.
 *
 * @param otherRuns runs of the sweep that fill no cell of the paper's tables
 */
public record SweepTable(SweepSummary sweep, List<Table> tables, List<RunSummary> otherRuns) {

    public record Table(int number, String title, String dataset, String split, List<Column> columns,
            List<Row> rows) {
    }

    /** {@code id} as in run ids ({@code 5w1s}), {@code header} as the paper prints it. */
    public record Column(String id, String header, int way, int shot) {
    }

    public record Row(String row, String label, List<Cell> cells) {
    }

    /**
     * One cell. {@code runId} and the result are null where the sweep has no run for it.
     *
     * @param difference   ours minus the paper's, null until evaluated
     * @param verdict      how ours compares: {@link Verdict}; null until evaluated
     * @param steps        training steps the run reached, null until trained: printed beside the number, so
     *                     that a one-minute number is not taken for a reproduction
     * @param trainSeconds training time over all its attempts, null until trained
     */
    public record Cell(String column, double paperAccuracy, String runId, RunStatus status, Double accuracy,
            Double ci95, Double ece, Double difference, Verdict verdict, Integer steps, Double trainSeconds) {
        /** The training behind the number ({@link SpentBudget}); the web page shows this field. Null until trained. */
        @JsonProperty("budget")
        public String budget() {
            return steps == null ? null : SpentBudget.describe(steps, trainSeconds);
        }
    }

    /** Within our 95% interval of the paper's number, above it, or below it. */
    public enum Verdict {
        WITHIN, ABOVE, BELOW;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Verdict of(double difference, double ci95) {
            if (Math.abs(difference) <= ci95) {
                return WITHIN;
            }
            return difference > 0 ? ABOVE : BELOW;
        }
    }
}
