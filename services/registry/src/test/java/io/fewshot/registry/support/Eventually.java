package io.fewshot.registry.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something the registry does asynchronously (it consumes events on its own thread). */
public final class Eventually {
    private Eventually() {
    }

    public static <T> T await(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
                + what + "; last seen: " + last);
        if (lastError != null) {
            failure.initCause(lastError);
        }
        throw failure;
    }

    public static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        await(what, timeout, condition, Boolean.TRUE::equals);
    }
}
