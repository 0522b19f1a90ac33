package io.fewshot.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.sweep.PaperTables;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.registry.support.Chain;
import io.fewshot.registry.support.Chromium;
import io.fewshot.registry.support.Eventually;
import io.fewshot.registry.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The web page as a browser shows it: headless Chromium loads it from the running registry, and
 * the test reads the tables' cells and the charts ECharts drew, then watches progress change live.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@EnabledIf(value = "io.fewshot.registry.support.Chromium#available",
        disabledReason = "chromium not found: install Debian's chromium package (apt-get install -y chromium)"
                + " or set CHROMIUM_BIN")
class WebPageTest {
    static final Duration WAIT = Duration.ofSeconds(45);

    @TestHTTPResource("/")
    URL root;

    @Test
    void thePageShowsThePapersTablesWithOurCellsBothPlotsAndLiveProgress() throws Exception {
        SweepPlan plan = Chain.freshPlan("page", 4, c -> c.spec().dataset().equals("omniglot")
                && c.spec().way() == 5 && c.spec().shot() == 1);
        RunSpec evaluated = plan.cells().get(0).spec();
        RunSpec failed = plan.cells().get(1).spec();
        RunSpec pending = plan.cells().get(2).spec();
        String sweep = plan.sweepId();
        try (Chain chain = new Chain()) {
            chain.writePlan(plan);
            plan.cells().forEach(c -> chain.requested(sweep, c.spec()));
            // Steps 1-4; the chain reports a validation accuracy at even steps only.
            chain.progress(sweep, evaluated, 1, 1.6, 0.35);
            chain.progress(sweep, evaluated, 2, 1.2, 0.52);
            chain.progress(sweep, evaluated, 3, 0.9, 0.68);
            chain.progress(sweep, evaluated, 4, 0.7, 0.77);
            chain.completed(sweep, evaluated);
            chain.evaluated(sweep, evaluated, 0.9612, 0.0041, 0.0273);
            chain.failed(sweep, failed, "loss diverged (NaN) at step 4");
            Eventually.await("the registry has the sweep's results", WAIT, () -> RestAssured
                    .get("/sweeps/{id}", sweep).jsonPath().getInt("sweep.evaluated") == 1
                    && RestAssured.get("/sweeps/{id}", sweep).jsonPath().getInt("sweep.failed") == 1);

            try (Chromium browser = Chromium.start()) {
                browser.navigate(root + "?sweep=" + sweep + "&run=" + evaluated.runId());
                String cell = "document.querySelector('td.cell[data-run=\"" + evaluated.runId() + "\"]')";
                browser.waitFor("our cell", cell + " && " + cell + ".querySelector('.ours')", WAIT);

                double paper = PaperTables.accuracyPercent(evaluated).getAsDouble();
                assertEquals("96.1 ± 0.4", text(browser, cell + ".querySelector('.ours')"));
                assertEquals(String.format(Locale.ROOT, "paper %.1f", paper), text(browser, cell + ".querySelector('.paper')"));
                String diff = String.format(Locale.ROOT, "%s%.1f", 96.12 >= paper ? "+" : "−", Math.abs(96.12 - paper));
                assertEquals(diff, text(browser, cell + ".querySelector('.diff')"));
                String verdict = Math.abs(96.12 - paper) <= 0.41 ? "within" : 96.12 > paper ? "above" : "below";
                assertTrue(browser.eval(cell + ".querySelector('.diff').classList.contains('" + verdict + "')")
                        .asBoolean(), "the difference is coloured as " + verdict);
                assertEquals("ECE 0.027", text(browser, cell + ".querySelector('.ece')"));
                // The chain's training completed at the spec's steps in 12.5 s: said beside the number.
                assertEquals(evaluated.budget().steps() + " steps, 13 s", text(browser, cell + ".querySelector('.budget')"));
                assertEquals("failed", text(browser,
                        "document.querySelector('td.cell[data-run=\"" + failed.runId() + "\"] .status')"));
                assertEquals("requested", text(browser,
                        "document.querySelector('td.cell[data-run=\"" + pending.runId() + "\"] .status')"));
                // Laid out as in the paper: Table 1's four columns and six rows, Table 2's two columns.
                assertEquals("[\"Method\",\"5-way 1-shot\",\"5-way 5-shot\",\"20-way 1-shot\",\"20-way 5-shot\"]",
                        browser.eval("JSON.stringify([...document.querySelectorAll('#table-omniglot thead th')]"
                                + ".map(th => th.textContent))").asText());
                assertEquals(6, browser.eval("document.querySelectorAll('#table-omniglot tbody tr').length").asInt());
                assertEquals(3, browser.eval("document.querySelectorAll('#table-mini-imagenet thead th').length")
                        .asInt());
                assertEquals("paper 98.1", text(browser, "document.querySelector('#table-omniglot"
                        + " tr[data-row=\"matching-nets\"] td.cell[data-col=\"5w1s\"] .paper')"));

                // Both plots drawn: ECharts holds the series and its SVG renderer drew them.
                browser.waitFor("the learning curve", "echarts.getInstanceByDom(document.getElementById('curve'))"
                        + " && echarts.getInstanceByDom(document.getElementById('curve')).getOption().series[0]"
                        + ".data.length === 4", WAIT);
                JsonNode curve = browser.eval("echarts.getInstanceByDom(document.getElementById('curve')).getOption()"
                        + ".series.map(s => s.data.length)");
                assertEquals("[4,4,2]", curve.toString(), "loss, accuracy and validation points");
                JsonNode reliability = browser.eval("echarts.getInstanceByDom(document.getElementById('reliability'))"
                        + ".getOption().series.map(s => s.data.length)");
                assertEquals("[15,15]", reliability.toString(), "15 bars and the confidence line");
                assertTrue(drawnPaths(browser, "curve") >= 3, "the curve's lines are drawn as SVG paths");
                assertTrue(drawnPaths(browser, "reliability") >= 15 - Chain.EMPTY_BINS,
                        "a bar for each non-empty bin is drawn as an SVG path");

                // Live: the page is not reloaded, yet its progress follows the registry.
                browser.eval("window.__sameDocument = 'yes'");
                assertTrue(text(browser, "document.getElementById('progress-text')")
                        .startsWith("2 / 4 cells in: 1 evaluated, 1 failed"));
                chain.evaluated(sweep, pending, 0.95, 0.005, 0.03);
                browser.waitFor("progress to update", "document.getElementById('progress-text').textContent"
                        + ".startsWith('3 / 4 cells in: 2 evaluated, 1 failed')", WAIT);
                assertEquals("yes", browser.eval("window.__sameDocument").asText());
                assertEquals("95.0 ± 0.5", text(browser,
                        "document.querySelector('td.cell[data-run=\"" + pending.runId() + "\"] .ours')"));
                browser.screenshot(Path.of("target", "registry-page.png"));
            }
        }
    }

    private static String text(Chromium browser, String element) throws Exception {
        return browser.eval("(" + element + ")?.textContent ?? null").asText();
    }

    /** SVG paths with a non-trivial outline inside the chart (axes and grid lines excluded by size). */
    private static int drawnPaths(Chromium browser, String id) throws Exception {
        return browser.eval("[...document.querySelectorAll('#" + id + " svg path')].filter(p =>"
                + " (p.getAttribute('d') || '').length > 20 && p.getBBox().width * p.getBBox().height > 4).length")
                .asInt();
    }
}
