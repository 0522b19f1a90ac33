package io.fewshot.contracts.sweep;

import java.util.Locale;

/**
 * The training behind a number, as every table prints it beside the number ("1200 steps, 61 s"): a
 * one-minute number must not be mistaken for a reproduction. One wording for the registry's tables
 * and page and for fsb's tables built from events.
 */
public final class SpentBudget {
    private SpentBudget() {
    }

    /**
     * @param steps   training steps the run reached
     * @param seconds its training time over all attempts; null when unknown
     */
    public static String describe(int steps, Double seconds) {
        return steps + " steps, " + duration(seconds);
    }

    /** Seconds below two minutes, minutes below two hours, else hours. */
    static String duration(Double seconds) {
        if (seconds == null) {
            return "? s";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        return seconds < 7200 ? String.format(Locale.ROOT, "%.0f min", seconds / 60)
                : String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
