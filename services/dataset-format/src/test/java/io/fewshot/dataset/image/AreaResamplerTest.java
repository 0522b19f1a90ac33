package io.fewshot.dataset.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AreaResamplerTest {
    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        byte[] src = {0, 10, 20, 30, (byte) 200, 0, 40, 60, 100, 100, 1, 2, 100, 100, 3, 4};
        byte[] out = new AreaResampler(2, 2).resize(new RasterImage(4, 4, 1, src));
        // (0+10+200+0)/4 = 52.5 -> 53; (20+30+40+60)/4 = 37.5 -> 38; 100; (1+2+3+4)/4 = 2.5 -> 3
        assertArrayEquals(new byte[] {53, 38, 100, 3}, out);
    }

    /** 105 -> 28 is a 3.75 ratio; upsampling by 4 then averaging 15x15 blocks is the same area average. */
    @Test
    void omniglotSizeMatchesAnIndependentSupersampledAverage() {
        Random random = new Random(11);
        byte[] src = new byte[105 * 105];
        random.nextBytes(src);
        byte[] ours = new AreaResampler(28, 28).resize(new RasterImage(105, 105, 1, src));
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double sum = 0;
                for (int sy = 0; sy < 15; sy++) {
                    for (int sx = 0; sx < 15; sx++) {
                        sum += src[((y * 15 + sy) / 4) * 105 + (x * 15 + sx) / 4] & 0xFF;
                    }
                }
                double expected = sum / 225;
                int actual = ours[y * 28 + x] & 0xFF;
                assertTrue(Math.abs(expected - actual) <= 0.5 + 1e-9, "pixel " + x + "," + y + ": " + expected
                        + " vs " + actual);
            }
        }
    }

    @Test
    void sameSizeIsTheIdentity() {
        byte[] src = new byte[3 * 84 * 84];
        new Random(3).nextBytes(src);
        assertArrayEquals(src, new AreaResampler(84, 84).resize(new RasterImage(84, 84, 3, src)));
    }
}
