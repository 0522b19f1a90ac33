package io.fewshot.ml.bench;

import io.fewshot.ml.bnn.BnnSettings;
import io.fewshot.ml.eval.PairedDifference;
import java.util.List;
import java.util.Locale;

/** The summary of a reproduction: a Markdown table beside the paper's numbers, and the learning curves as SVG. */
public final class ReproductionReport {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#17becf"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    private static final int LEFT = 60;
    private static final int TOP = 40;
    private static final int PLOT_W = 560;
    private static final int PLOT_H = 380;

    private ReproductionReport() {
    }

    /**
     * README.md rewritten with a fresh table: the generated part has no "## " heading, so everything of the old
     * README from its first "## " heading on is the runner's hand-written notes, and is kept.
     */
    public static String readme(List<RowResult> rows, String oldReadme) {
        // Where the first line that starts with "## " begins, the README's first line included.
        int at = ("\n" + oldReadme).indexOf("\n## ");
        return at < 0 ? table(rows) : table(rows) + "\n" + oldReadme.substring(at);
    }

    /** README.md of the results folder: the protocol, then one line per row. */
    public static String table(List<RowResult> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no row results to summarise");
        }
        RowResult first = rows.get(0);
        StringBuilder b = new StringBuilder();
        b.append("# Omniglot 5-way 1-shot, reproduced (").append(first.profile()).append(" profile, device ")
                .append(first.device()).append(")\n\n");
        b.append(protocol(first)).append(" Accuracy ± 95% CI over episodes; ratio = ours / paper; ")
                .append("gap = ours − (paper − 1), in points; \"in all\" counts every second the number needed; ")
                .append("− σ = 0: the amortized BNN's accuracy (points) and NLL minus the same network's with ")
                .append("sigma = 0, each ± its 95% CI paired over the test episodes, under the prediction noise ")
                .append("named before it (chosen on val where it says \"val\": all, unless another view's NLL ")
                .append("was lower by more than its paired interval).\n\n");
        b.append("| Row | Ours (%) | Paper (%) | Ours / paper | Gap to paper − 1 | NLL | ECE | Steps | Best step | "
                + "Trained (s) / budget | Val first ≥ paper − 1 | In all (s) | − σ = 0 |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RowResult r : rows) {
            String crossed = LearningCurve.of(r.curve()).secondsToReach((r.paperPercent() - 1) / 100)
                    .map(s -> fmt("%.0f s", s)).orElse("not reached");
            b.append("| ").append(r.label())
                    .append(" | ").append(fmt("%.2f ± %.2f", r.accuracyPercent(), 100 * r.ci95()))
                    .append(" | ").append(fmt("%.1f", r.paperPercent()))
                    .append(" | ").append(fmt("%.3f", r.ratioToPaper()))
                    .append(" | ").append(fmt("%+.2f", r.gapToPaperMinus1()))
                    .append(" | ").append(fmt("%.3f", r.nll()))
                    .append(" | ").append(fmt("%.3f", r.ece()))
                    .append(" | ").append(r.steps())
                    .append(" | ").append(r.bestStep())
                    .append(" | ").append(fmt("%.0f / %d", r.pretrainSeconds() + r.trainSeconds(), r.wallBudgetSeconds()))
                    .append(" | ").append(crossed)
                    .append(" | ").append(fmt("%.0f", r.wallSeconds()))
                    .append(" | ").append(minusSigmaZero(r))
                    .append(" |\n");
        }
        b.append("\nOne JSON per row (spec, curve, provenance file); the curves: [curves.svg](curves.svg).\n");
        return b.toString();
    }

    private static String minusSigmaZero(RowResult r) {
        PairedDifference d = r.minusSigmaZero();
        if (d == null) {
            return "–";
        }
        String noise = r.predictionNoise() != null ? r.predictionNoise().chosen() + " (val)"
                : r.spec().path("hyperparameters").path(BnnSettings.PREDICTION_NOISE)
                        .asText(BnnSettings.PredictionNoise.DEFAULT.id());
        return fmt("%s: %+.2f ± %.2f, NLL %+.4f ± %.4f", noise, 100 * d.accuracy(), 100 * d.accuracyCi95(), d.nll(),
                d.nllCi95());
    }

    /** How the rows were trained and chosen: on train with the checkpoint chosen on val, or retrained on train + val. */
    private static String protocol(RowResult first) {
        if (first.spec().path("split").asText().endsWith("-trainval")) {
            return "Protocol (the papers'): a row first trains on Vinyals' train split (1,028 characters, 4 rotations "
                    + "each) and validates on its val split, which chooses its step count (Best step, and the curves); "
                    + "the same spec then trains afresh on train + val (1,200 characters) for exactly that many steps, "
                    + "with no validation, and its last checkpoint is tested once on " + first.testEpisodes()
                    + " test episodes (15 queries per class). Trained (s): the retraining, pretraining included, "
                    + "against the selection run's budget; in all: the selection run, the retraining and the test.";
        }
        String validate = "every " + fmt("%.0f", first.spec().path("hyperparameters").path("validateSeconds")
                .asDouble()) + " s of wall time (and every " + first.spec().path("hyperparameters")
                .path("validateEvery").asInt() + " steps)";
        return "Protocol: each row trains on Vinyals' train split (1,028 characters, 4 rotations each), validates on "
                + "its val split " + validate + ", keeps the best checkpoint by val accuracy, and tests that "
                + "checkpoint once on " + first.testEpisodes() + " test episodes (15 queries per class). This departs "
                + "from the papers, which retrain on train + val (scripts/bench-reproduce.sh --retrain-from does): "
                + "choosing a checkpoint on val classes seen in training would leak. Each row's wall budget includes "
                + "pretraining (BNN rows) and validation; training stops once it is spent, then validates its last "
                + "step and tests.";
    }

    /** Validation accuracy against wall seconds, one line per row, each row's paper − 1 dashed in its colour. */
    public static String svg(List<RowResult> rows) {
        double maxSeconds = 1;
        double minAccuracy = 1;
        for (RowResult r : rows) {
            maxSeconds = Math.max(maxSeconds, r.wallBudgetSeconds());
            for (LearningCurve.Point p : r.curve()) {
                maxSeconds = Math.max(maxSeconds, p.seconds());
                minAccuracy = Math.min(minAccuracy, p.accuracy());
            }
            minAccuracy = Math.min(minAccuracy, (r.paperPercent() - 1) / 100);
        }
        double yMin = Math.max(0, Math.floor(minAccuracy * 10) / 10);
        Scale s = new Scale(maxSeconds, yMin);
        StringBuilder b = new StringBuilder();
        b.append(fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, HEIGHT));
        b.append(fmt("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, HEIGHT));
        b.append(fmt("<text x=\"%d\" y=\"20\" font-size=\"14\">Omniglot 5-way 1-shot: validation accuracy "
                + "against wall time (pretraining included)</text>\n", LEFT));
        for (int i = 0; i <= 5; i++) {
            double acc = yMin + (1 - yMin) * i / 5;
            double y = s.y(acc);
            b.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", LEFT, y,
                    LEFT + PLOT_W, y));
            b.append(fmt("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>\n", LEFT - 5, y + 4,
                    100 * acc));
        }
        double tick = niceStep(maxSeconds / 8);
        for (double sec = 0; sec <= maxSeconds; sec += tick) {
            b.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>\n", s.x(sec),
                    TOP + PLOT_H + 16, sec));
        }
        b.append(fmt("<text x=\"%d\" y=\"%d\">wall seconds. Dotted: the row budget; "
                + "dashed: each row's paper − 1; ringed: the best validation (the checkpoint tested)</text>\n",
                LEFT, TOP + PLOT_H + 34));
        double budgetX = s.x(rows.stream().mapToLong(RowResult::wallBudgetSeconds).max().orElse(0));
        b.append(fmt("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"1 3\"/>\n",
                budgetX, TOP, budgetX, TOP + PLOT_H));
        b.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>\n", LEFT,
                TOP, PLOT_W, PLOT_H));
        for (int i = 0; i < rows.size(); i++) {
            RowResult r = rows.get(i);
            String colour = COLOURS[i % COLOURS.length];
            double paperY = s.y((r.paperPercent() - 1) / 100);
            b.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 4\" "
                    + "stroke-width=\"1\"/>\n", LEFT, paperY, LEFT + PLOT_W, paperY, colour));
            StringBuilder line = new StringBuilder();
            for (LearningCurve.Point p : r.curve()) {
                line.append(fmt("%.1f,%.1f ", s.x(p.seconds()), s.y(p.accuracy())));
                b.append(fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n", s.x(p.seconds()),
                        s.y(p.accuracy()), colour));
            }
            b.append(fmt("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    line.toString().trim(), colour));
            LearningCurve.of(r.curve()).best().ifPresent(p -> b.append(fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" "
                    + "fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"><title>best (tested): step %d</title></circle>\n",
                    s.x(p.seconds()), s.y(p.accuracy()), colour, p.step())));
            int ly = TOP + 10 + 34 * i;
            int lx = LEFT + PLOT_W + 15;
            b.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>\n", lx, ly,
                    lx + 20, ly, colour));
            b.append(fmt("<text x=\"%d\" y=\"%d\">%s</text>\n", lx + 25, ly + 4, escape(r.label())));
            b.append(fmt("<text x=\"%d\" y=\"%d\" fill=\"#555\">test %.1f%%, paper %.1f</text>\n",
                    lx + 25, ly + 18, r.accuracyPercent(), r.paperPercent()));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}: axis ticks at round seconds. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private record Scale(double maxSeconds, double yMin) {
        double x(double seconds) {
            return LEFT + PLOT_W * seconds / maxSeconds;
        }

        double y(double accuracy) {
            return TOP + PLOT_H * (1 - (accuracy - yMin) / (1 - yMin));
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
