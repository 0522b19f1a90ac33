package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import io.fewshot.ml.bnn.FeatureExtractor;
import io.fewshot.ml.eval.EvaluationResult;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.nn.Params;
import org.junit.jupiter.api.Test;

/**
 * The centroid's temperature: on raw Omniglot pixels the squared distances are in the hundreds, so the
 * centroid's probabilities as they come are near one-hot and its errors cost a huge NLL; the scale chosen on
 * val must shrink them, cut the test NLL, and leave every prediction where it was.
 */
class CentroidBaselineTest {

    /** Pixels as features: a backbone with nothing learned. */
    private static final FeatureExtractor PIXELS = new FeatureExtractor() {
        @Override
        public long featureSize() {
            return 28 * 28;
        }

        @Override
        public NDArray embed(NDArray images) {
            return images.reshape(images.getShape().get(0), -1);
        }

        @Override
        public Params state() {
            return new Params();
        }

        @Override
        public String description() {
            return "pixels";
        }
    };

    @Test
    void theTemperatureChosenOnValCutsTheTestNllAndKeepsTheAccuracy() {
        FewShotDataset omniglot = Fixtures.omniglot();
        try (NDManager m = NDManager.newBaseManager()) {
            double scale = CentroidBaseline.chooseScale(PIXELS, omniglot, 5, 1, 5, 40, Evaluator.TEST_SEED + 1, m);
            EvaluationResult raw = test(new CentroidBaseline(PIXELS, 1, m), omniglot);
            EvaluationResult tempered = test(new CentroidBaseline(PIXELS, scale, m), omniglot);

            assertTrue(scale < 0.1, "distances in the hundreds want a small scale, chose " + scale);
            assertEquals(raw.accuracy(), tempered.accuracy(), 1e-9, "a temperature moves no argmax");
            assertTrue(raw.accuracy() > 0.3, "centroids on pixels beat chance (0.2): " + raw.headline());
            assertTrue(tempered.calibration().nll() < raw.calibration().nll() / 2,
                    "tempered " + tempered.headline() + " against raw " + raw.headline());
        }
    }

    /** The one-pass choice prices each scale as the evaluator would: its pick has the evaluator's lowest NLL. */
    @Test
    void theChosenScaleHasTheLowestValNllThroughTheEvaluator() {
        FewShotDataset omniglot = Fixtures.omniglot();
        try (NDManager m = NDManager.newBaseManager()) {
            double chosen = CentroidBaseline.chooseScale(PIXELS, omniglot, 5, 1, 5, 40, Evaluator.TEST_SEED + 1, m);
            double best = Double.NaN;
            double bestNll = Double.POSITIVE_INFINITY;
            for (double s : CentroidBaseline.SCALES) {
                double nll = Evaluator.evaluate(new CentroidBaseline(PIXELS, s, m), omniglot, "val", 5, 1, 5, 40,
                        Evaluator.TEST_SEED + 1, 25, done -> { }).calibration().nll();
                if (nll < bestNll) {
                    bestNll = nll;
                    best = s;
                }
            }
            assertEquals(best, chosen);
        }
    }

    private static EvaluationResult test(CentroidBaseline centroid, FewShotDataset data) {
        return Evaluator.evaluate(centroid, data, "test", 5, 1, 5, 40, Evaluator.TEST_SEED, 20, done -> { });
    }
}
