package io.fewshot.ml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

    /** Differences 0.5, 0, 0.25 in accuracy and -0.2, -0.1, 0 in NLL: means and intervals by hand. */
    @Test
    void meanAndIntervalAreThoseOfThePerEpisodeDifferences() {
        EpisodeScores a = new EpisodeScores(new double[] {1.0, 0.5, 0.75}, new double[] {0.3, 0.4, 0.9});
        EpisodeScores b = new EpisodeScores(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.9});
        PairedDifference d = PairedDifference.of(a, b);
        assertEquals(3, d.episodes());
        assertEquals(0.25, d.accuracy(), 1e-12);
        // squared deviations from 0.25: 0.0625 + 0.0625 + 0, over n - 1 = 2
        assertEquals(1.96 * Math.sqrt(0.125 / 2) / Math.sqrt(3), d.accuracyCi95(), 1e-12);
        assertEquals(-0.1, d.nll(), 1e-12);
        assertEquals(1.96 * Math.sqrt(0.02 / 2) / Math.sqrt(3), d.nllCi95(), 1e-12);
    }

    /**
     * Two learners whose episodes differ a lot from each other but whose per-episode difference is constant:
     * the paired interval is zero where the two results' own intervals are wide.
     */
    @Test
    void aConstantDifferenceOnVaryingEpisodesIsCertain() {
        double[] hard = {0.2, 0.9, 0.4, 1.0, 0.6};
        double[] shifted = new double[hard.length];
        for (int i = 0; i < hard.length; i++) {
            shifted[i] = hard[i] - 0.1;
        }
        PairedDifference d = PairedDifference.of(new EpisodeScores(hard, hard), new EpisodeScores(shifted, hard));
        assertEquals(0.1, d.accuracy(), 1e-12);
        assertEquals(0, d.accuracyCi95(), 1e-12);
        assertTrue(EpisodeScores.ci95(hard) > 0.2, "each result alone is uncertain");
    }

    @Test
    void scoresOfDifferentEpisodeCountsAreRefused() {
        EpisodeScores two = new EpisodeScores(new double[2], new double[2]);
        EpisodeScores three = new EpisodeScores(new double[3], new double[3]);
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(two, three));
        assertThrows(IllegalArgumentException.class, () -> new EpisodeScores(new double[2], new double[3]));
    }
}
