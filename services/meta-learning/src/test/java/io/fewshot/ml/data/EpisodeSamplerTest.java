package io.fewshot.ml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.Fixtures;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpisodeSamplerTest {
    private final FewShotDataset data = Fixtures.synthetic(40, 12, 16, 7);

    @Test
    void episodeHasWayClassesOfShotSupportAndQueryImagesEach() {
        Episode e = new EpisodeSampler(data, "train", 5, 2, 3, 1).sample(0);
        assertEquals(5, e.classes().length);
        assertEquals(5, new HashSet<>(Arrays.stream(e.classes()).boxed().toList()).size(), "classes distinct");
        for (int i = 0; i < 5; i++) {
            assertEquals(2, e.support()[i].length);
            assertEquals(3, e.query()[i].length);
        }
    }

    @Test
    void supportAndQueryAreDisjointAndClassesComeFromThePool() {
        Set<Integer> pool = new HashSet<>(Arrays.stream(data.split("val")).boxed().toList());
        EpisodeSampler sampler = new EpisodeSampler(data, "val", 5, 5, 7, 3);
        for (int n = 0; n < 200; n++) {
            Episode e = sampler.sample(n);
            for (int i = 0; i < e.way(); i++) {
                assertTrue(pool.contains(e.classes()[i]), "class from the val pool");
                Set<Integer> seen = new HashSet<>();
                for (int s : e.support()[i]) {
                    assertTrue(seen.add(s));
                }
                for (int q : e.query()[i]) {
                    assertTrue(seen.add(q), "query image " + q + " also in support or drawn twice");
                    assertTrue(q >= 0 && q < data.count(e.classes()[i]));
                }
            }
        }
    }

    @Test
    void sameSeedAndIndexGiveTheSameEpisodeWhateverWasDrawnBefore() {
        EpisodeSampler a = new EpisodeSampler(data, "train", 5, 1, 5, 42);
        EpisodeSampler b = new EpisodeSampler(data, "train", 5, 1, 5, 42);
        for (int n = 0; n < 10; n++) {
            a.sample(n);
        }
        Episode fromA = a.sample(17);
        Episode fromB = b.sample(17);
        assertArrayEquals(fromA.classes(), fromB.classes());
        assertArrayEquals(fromA.support(), fromB.support());
        assertArrayEquals(fromA.query(), fromB.query());
        Episode other = new EpisodeSampler(data, "train", 5, 1, 5, 43).sample(17);
        assertFalse(Arrays.equals(fromA.classes(), other.classes()) && Arrays.deepEquals(fromA.support(),
                other.support()), "another seed draws another episode");
    }

    @Test
    void tooManyWaysOrImagesIsAClearError() {
        IllegalArgumentException ways = assertThrows(IllegalArgumentException.class,
                () -> new EpisodeSampler(data, "test", 50, 1, 1, 1));
        assertTrue(ways.getMessage().contains("fewer than 50 ways"), ways.getMessage());
        IllegalArgumentException images = assertThrows(IllegalArgumentException.class,
                () -> new EpisodeSampler(data, "train", 5, 10, 5, 1));
        assertTrue(images.getMessage().contains("fewer than shot + query"), images.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(data, "nope", 5, 1, 1, 1));
    }

    @Test
    void batchTensorsAreClassMajorNormalisedAndShaped() {
        EpisodeSampler sampler = new EpisodeSampler(data, "train", 3, 2, 4, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            Episode e = sampler.sample(0);
            EpisodeBatch b = EpisodeBatch.of(m, data, List.of(e, sampler.sample(1)));
            assertEquals(new ai.djl.ndarray.types.Shape(2, 6, 1, 16, 16), b.supportX().getShape());
            assertEquals(new ai.djl.ndarray.types.Shape(2, 12, 1, 16, 16), b.queryX().getShape());
            assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2}, Arrays.copyOf(b.supportY().toLongArray(), 6));
            int firstPixel = data.pixels(e.classes()[1])[e.support()[1][0] * data.imageBytes()] & 0xFF;
            float expected = (firstPixel / 255f - 0.5f) / 0.3f;
            assertEquals(expected, b.supportX().get(0, 2, 0, 0, 0).getFloat(), 1e-5);
        }
    }
}
