package io.fewshot.contracts;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, at most one per interval and one at the end: what a log or a pipe gets
 * instead of a redrawn bar ({@link Terminal}), so that a long evaluation says it is alive without
 * filling the log. Told the number of items done so far.
 */
public final class ProgressLines implements IntConsumer {
    private final String task;
    private final long total;
    private final long intervalNanos;
    private final Consumer<String> sink;
    private final LongSupplier nanoClock;
    private long lastLine;
    private boolean ended;

    ProgressLines(String task, long total, Duration interval, Consumer<String> sink, LongSupplier nanoClock) {
        if (total < 0 || interval.isNegative()) {
            throw new IllegalArgumentException("progress needs a total >= 0 and an interval >= 0, got " + total
                    + " and " + interval);
        }
        this.task = task;
        this.total = total;
        this.intervalNanos = interval.toNanos();
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.lastLine = nanoClock.getAsLong();
    }

    /** @param sink where each line goes, e.g. a logger's info */
    public static ProgressLines every(Duration interval, String task, long total, Consumer<String> sink) {
        return new ProgressLines(task, total, interval, sink, System::nanoTime);
    }

    @Override
    public void accept(int done) {
        long now = nanoClock.getAsLong();
        boolean end = done >= total;
        if ((end && !ended) || (!end && now - lastLine >= intervalNanos)) {
            ended = end;
            lastLine = now;
            sink.accept(String.format(Locale.ROOT, "%s: %d/%d (%d%%)", task, done, total,
                    total == 0 ? 100 : Math.min(100, 100 * done / total)));
        }
    }
}
