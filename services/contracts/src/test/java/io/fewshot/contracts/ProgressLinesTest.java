package io.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private final ProgressLines progress = new ProgressLines("evaluate r1", 600, Duration.ofSeconds(5), lines::add,
            clock::get);

    @Test
    void oneLinePerIntervalNotOnePerItem() {
        for (int done = 1; done < 600; done++) {
            clock.addAndGet(Duration.ofMillis(100).toNanos()); // 10 items a second for ~60 s
            progress.accept(done);
        }
        assertEquals(11, lines.size(), lines.toString());
        assertEquals("evaluate r1: 50/600 (8%)", lines.get(0));
    }

    @Test
    void theEndIsAlwaysSaidOnce() {
        progress.accept(600);
        progress.accept(600);
        assertEquals(List.of("evaluate r1: 600/600 (100%)"), lines);
    }

    @Test
    void aNegativeTotalIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ProgressLines.every(Duration.ofSeconds(1), "x", -1, s -> { }));
    }
}
