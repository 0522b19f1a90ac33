package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fewshot.ml.eval.PairedDifference;
import io.fewshot.ml.train.PredictionNoiseChoice;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The summary table puts each row's figure beside the paper's with ratio and gap; the plot is well-formed SVG. */
class ReproductionReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RowResult row(String id, String label, double accuracy, double paper, List<LearningCurve.Point> c) {
        return row(id, label, accuracy, paper, c, null);
    }

    private static RowResult row(String id, String label, double accuracy, double paper, List<LearningCurve.Point> c,
            PairedDifference minusSigmaZero) {
        return row(id, label, accuracy, paper, c, minusSigmaZero, null);
    }

    private static RowResult row(String id, String label, double accuracy, double paper, List<LearningCurve.Point> c,
            PairedDifference minusSigmaZero, PredictionNoiseChoice choice) {
        return new RowResult(id, label, "cpu", "train vinyals (train), select on val, test once", "cpu()",
                JSON.createObjectNode().set("hyperparameters", JSON.createObjectNode().put("validateSeconds", 300.0)
                        .put("validateEvery", 500)), "omniglot-x", 3600, 4000, 0, 3500, 3590, c,
                c.get(c.size() - 1).step(), c.get(c.size() - 1).accuracy(), 1000, accuracy, 0.004, 0.1, 0.01,
                paper, RowResult.gapToPaperMinus1(accuracy, paper), id + ".eval.json", minusSigmaZero, choice);
    }

    private static final RowResult PROTO = row("protonet", "Prototypical Nets", 0.9790, 98.8,
            List.of(new LearningCurve.Point(300, 400, 0.95), new LearningCurve.Point(2000, 2600, 0.981)));
    private static final RowResult MAML = row("maml", "MAML", 0.9500, 98.7,
            List.of(new LearningCurve.Point(310, 200, 0.90), new LearningCurve.Point(3000, 2300, 0.96)));

    @Test
    void eachRowShowsItsAccuracyBesideThePapersWithRatioGapAndWhenValCrossedPaperMinusOne() {
        String table = ReproductionReport.table(List.of(PROTO, MAML));
        assertTrue(table.contains("| Prototypical Nets | 97.90 ± 0.40 | 98.8 | 0.991 | +0.10 |"), table);
        assertTrue(table.contains("| MAML | 95.00 ± 0.40 | 98.7 | 0.963 | -2.70 |"), table);
        assertTrue(table.contains("| 2000 s |"), "proto's val first reached 97.8 at 2000 s: " + table);
        assertTrue(table.contains("| not reached |"), table);
        assertTrue(table.contains("every 300 s") && table.contains("train + val"), "protocol in the header");
    }

    @Test
    void aBnnRowShowsItsPairedDifferenceFromSigmaZeroAndABaselineADash() {
        RowResult bnn = row("amortized-bnn-1-improved", "Amortized BNN", 0.944, 68.5, PROTO.curve(),
                new PairedDifference(1000, 0.0003, 0.0005, -0.0017, 0.0009));
        String table = ReproductionReport.table(List.of(bnn, MAML));
        assertTrue(table.contains("| all: +0.03 ± 0.05, NLL -0.0017 ± 0.0009 |\n"), "the default noise: " + table);
        assertTrue(table.contains("| – |\n"), table);
    }

    @Test
    void aBnnRowTestedUnderTheNoiseValChoseNamesIt() {
        PredictionNoiseChoice task = PredictionNoiseChoice.choose(300, Map.of(
                "all", new PredictionNoiseChoice.ValScore(0.94, 0.20, 0.03, null),
                "task", new PredictionNoiseChoice.ValScore(0.94, 0.19, 0.01,
                        new PairedDifference(300, 0, 0.001, -0.01, 0.004))));
        RowResult bnn = row("amortized-bnn-1-improved", "Amortized BNN", 0.944, 68.5, PROTO.curve(),
                new PairedDifference(1000, 0.0003, 0.0005, -0.0017, 0.0009), task);
        String table = ReproductionReport.table(List.of(bnn));
        assertTrue(table.contains("| task (val): +0.03 ± 0.05, NLL -0.0017 ± 0.0009 |"), table);
    }

    @Test
    void aNewTableKeepsTheHandWrittenSectionsOfTheOldReadme() {
        String old = ReproductionReport.table(List.of(PROTO)) + "\n## How this was run\n\nTwo rows at a time.\n";
        String readme = ReproductionReport.readme(List.of(PROTO, MAML), old);
        assertTrue(readme.startsWith(ReproductionReport.table(List.of(PROTO, MAML))), readme);
        assertTrue(readme.endsWith("\n## How this was run\n\nTwo rows at a time.\n"), readme);
        assertEquals(ReproductionReport.table(List.of(MAML)), ReproductionReport.readme(List.of(MAML), ""));
        assertEquals(ReproductionReport.table(List.of(MAML)),
                ReproductionReport.readme(List.of(MAML), ReproductionReport.table(List.of(PROTO))));
    }

    @Test
    void gapToPaperMinusOneIsInPointsAndZeroExactlyAtTheMark() {
        assertEquals(0.0, RowResult.gapToPaperMinus1(0.978, 98.8), 1e-9);
        assertTrue(PROTO.withinOnePoint());
        assertTrue(!MAML.withinOnePoint());
    }

    @Test
    void timeTicksFallOnRoundSeconds() {
        assertEquals(1000.0, ReproductionReport.niceStep(720));
        assertEquals(20.0, ReproductionReport.niceStep(18));
        assertEquals(5.0, ReproductionReport.niceStep(5));
    }

    @Test
    void thePlotIsWellFormedSvgWithOneCurveAndOnePaperLinePerRow() throws Exception {
        String svg = ReproductionReport.svg(List.of(PROTO, MAML));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(2, doc.getElementsByTagName("polyline").getLength());
        assertEquals(4 + 2, doc.getElementsByTagName("circle").getLength(), "each point, and a ring on each best");
        assertTrue(svg.contains("best (tested): step 2600"), svg);
        assertEquals(2, svg.split("stroke-dasharray=\"4 4\"").length - 1, "one dashed paper - 1 line per row");
    }
}
