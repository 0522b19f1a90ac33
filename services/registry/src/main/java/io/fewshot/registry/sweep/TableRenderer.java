package io.fewshot.registry.sweep;

import io.fewshot.registry.sweep.SweepTable.Cell;
import io.fewshot.registry.sweep.SweepTable.Column;
import io.fewshot.registry.sweep.SweepTable.Row;
import io.fewshot.registry.sweep.SweepTable.Table;
import java.util.Locale;

/**
 * A sweep table as Markdown, CSV and a self-contained HTML page. Accuracies are printed in percent
 * like the paper's tables; ECE as a fraction; beside each number the training behind it (steps
 * reached, training time), so that a one-minute number is not mistaken for a reproduction.
 */
public final class TableRenderer {
    private TableRenderer() {
    }

    public static String markdown(SweepTable t) {
        StringBuilder out = new StringBuilder("# Sweep ").append(t.sweep().sweepId()).append("\n\n")
                .append(progress(t)).append("\n\nEach cell: our accuracy (%) ± 95% CI, the paper's, the difference,"
                        + " our expected calibration error, and the training behind ours (steps reached, time).\n");
        for (Table table : t.tables()) {
            out.append("\n## Table ").append(table.number()).append(": ").append(table.title()).append(" (")
                    .append(table.split()).append(" split)\n\n| Method |");
            table.columns().forEach(c -> out.append(' ').append(c.header()).append(" |"));
            out.append("\n|---|");
            table.columns().forEach(c -> out.append("---|"));
            out.append('\n');
            for (Row row : table.rows()) {
                out.append("| ").append(row.label()).append(" |");
                row.cells().forEach(c -> out.append(' ').append(markdownCell(c)).append(" |"));
                out.append('\n');
            }
        }
        return out.toString();
    }

    public static String csv(SweepTable t) {
        StringBuilder out = new StringBuilder("table,dataset,split,row,method,way,shot,run_id,status,accuracy_pct,"
                + "ci95_pct,paper_accuracy_pct,difference_pct,verdict,ece,trained_steps,train_seconds\n");
        for (Table table : t.tables()) {
            for (Row row : table.rows()) {
                for (int i = 0; i < row.cells().size(); i++) {
                    Cell c = row.cells().get(i);
                    Column col = table.columns().get(i);
                    out.append(table.number()).append(',').append(table.dataset()).append(',').append(table.split())
                            .append(',').append(row.row()).append(',').append(csvField(row.label())).append(',')
                            .append(col.way()).append(',').append(col.shot()).append(',')
                            .append(c.runId() == null ? "" : c.runId()).append(',')
                            .append(c.status() == null ? "" : c.status().id()).append(',')
                            .append(pct(c.accuracy(), 2)).append(',').append(pct(c.ci95(), 2)).append(',')
                            .append(pct(c.paperAccuracy(), 1)).append(',').append(pct(c.difference(), 2)).append(',')
                            .append(c.verdict() == null ? "" : c.verdict().id()).append(',')
                            .append(c.ece() == null ? "" : fmt("%.4f", c.ece())).append(',')
                            .append(c.steps() == null ? "" : c.steps().toString()).append(',')
                            .append(c.trainSeconds() == null ? "" : fmt("%.1f", c.trainSeconds())).append('\n');
                }
            }
        }
        return out.toString();
    }

    public static String html(SweepTable t) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Sweep ").append(esc(t.sweep().sweepId())).append("</title><style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
                + "th,td{border:1px solid #bbb;padding:.4em .6em;text-align:center}td.method{text-align:left}"
                + ".above{color:#1a7f37}.below{color:#cf222e}.within{color:#57606a}.ece,.paper,.budget{font-size:.85em;"
                + "color:#57606a}</style></head><body>\n<h1>Sweep ").append(esc(t.sweep().sweepId())).append("</h1>\n<p>")
                .append(esc(progress(t))).append("</p>\n");
        for (Table table : t.tables()) {
            out.append("<h2>Table ").append(table.number()).append(": ").append(esc(table.title())).append(" (")
                    .append(esc(table.split())).append(" split)</h2>\n<table><thead><tr><th>Method</th>");
            table.columns().forEach(c -> out.append("<th>").append(esc(c.header())).append("</th>"));
            out.append("</tr></thead><tbody>\n");
            for (Row row : table.rows()) {
                out.append("<tr><td class=\"method\">").append(esc(row.label())).append("</td>");
                row.cells().forEach(c -> out.append("<td>").append(htmlCell(c)).append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    static String progress(SweepTable t) {
        var s = t.sweep();
        return String.format(Locale.ROOT, "%s profile, %d cells: %d evaluated, %d failed, %d pending%s",
                s.profile() == null ? "unplanned" : s.profile(), s.cells(), s.evaluated(), s.failed(), s.pending(),
                s.completedAt() == null ? "" : " (completed " + s.completedAt() + ")");
    }

    private static String markdownCell(Cell c) {
        String paper = "paper " + pct(c.paperAccuracy(), 1);
        String budget = c.budget() == null ? "" : "; " + c.budget();
        if (c.accuracy() == null) {
            return "— (" + (c.status() == null ? "not in sweep" : c.status().id()) + "); " + paper + budget;
        }
        return pct(c.accuracy(), 1) + " ± " + pct(c.ci95(), 1) + "; " + paper + " (" + signed(c.difference()) + ");"
                + " ECE " + fmt("%.3f", c.ece()) + budget;
    }

    private static String htmlCell(Cell c) {
        String paper = "<div class=\"paper\">paper " + pct(c.paperAccuracy(), 1) + "</div>";
        String budget = c.budget() == null ? "" : "<div class=\"budget\">" + esc(c.budget()) + "</div>";
        if (c.accuracy() == null) {
            return "—" + paper + "<div class=\"ece\">" + (c.status() == null ? "not in sweep" : c.status().id())
                    + "</div>" + budget;
        }
        return pct(c.accuracy(), 1) + " ± " + pct(c.ci95(), 1) + paper + "<div class=\"" + c.verdict().id() + "\">"
                + signed(c.difference()) + "</div><div class=\"ece\">ECE " + fmt("%.3f", c.ece()) + "</div>" + budget;
    }

    private static String pct(Double fraction, int decimals) {
        return fraction == null ? "" : fmt("%." + decimals + "f", 100 * fraction);
    }

    private static String signed(double fraction) {
        return fmt("%+.1f", 100 * fraction);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
