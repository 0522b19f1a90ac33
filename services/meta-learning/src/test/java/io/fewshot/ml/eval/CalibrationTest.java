package io.fewshot.ml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void eceMceNllAndBrierMatchAHandComputedExample() {
        Calibration c = new Calibration(10);
        // Two predictions at confidence 0.95 (one right, one wrong) and one at 0.65 (right).
        c.add(new float[] {0.95f, 0.05f}, 0, 2, 0);
        c.add(new float[] {0.95f, 0.05f}, 0, 2, 1);
        c.add(new float[] {0.35f, 0.65f}, 0, 2, 1);
        Calibration.Summary s = c.summary();
        // bin 9: acc 0.5, conf 0.95, gap 0.45, weight 2/3; bin 6: acc 1, conf 0.65, gap 0.35, weight 1/3
        assertEquals(2.0 / 3 * 0.45 + 1.0 / 3 * 0.35, s.ece(), 1e-6);
        assertEquals(0.45, s.mce(), 1e-6);
        double nll = (-Math.log(0.95) - Math.log(0.05) - Math.log(0.65)) / 3;
        assertEquals(nll, s.nll(), 1e-6);
        double brier = (2 * 0.0025 + 2 * 0.9025 + 2 * 0.1225) / 3;
        assertEquals(brier, s.brier(), 1e-6);
        assertEquals(2, s.reliability().get(9).count());
        assertEquals(1, s.reliability().get(6).count());
        assertEquals(10, s.reliability().size());
    }

    @Test
    void perfectlyCalibratedPredictionsHaveZeroEce() {
        Calibration c = new Calibration(15);
        for (int i = 0; i < 4; i++) {
            c.add(new float[] {0.75f, 0.25f}, 0, 2, i < 3 ? 0 : 1);
        }
        assertEquals(0.0, c.summary().ece(), 1e-6);
    }
}
