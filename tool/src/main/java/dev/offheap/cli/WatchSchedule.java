package dev.offheap.cli;

import java.io.PrintWriter;

/**
 * How often {@code offheap watch} samples: the growth rules need 4 samples at least and name a leak reliably from 6,
 * so a watch too short for 6 samples at the default interval samples faster, and a user's interval that gives
 * fewer than 4 is refused.
 */
final class WatchSchedule {
    static final long DEFAULT_INTERVAL_MILLIS = 5_000;
    /** What the growth rules need to judge a trend at all. */
    static final int MIN_SAMPLES = 4;
    /** What a watch picks its interval for when none is given. */
    static final int WANTED_SAMPLES = 6;

    private WatchSchedule() {
    }

    /** Samples due in {@code durationMillis}: at 0, interval, 2 × interval … up to the duration. */
    static long samples(long intervalMillis, long durationMillis) {
        return durationMillis / intervalMillis + 1;
    }

    /**
     * The interval to sample at: the user's ({@code given}, null when not given), refused when it gives fewer than
     * {@link #MIN_SAMPLES}; else the default, shortened (and said so on {@code err}) to give {@link #WANTED_SAMPLES}.
     */
    static long interval(Long given, long durationMillis, String durationText, PrintWriter err) {
        if (given != null) {
            long n = samples(given, durationMillis);
            if (n < MIN_SAMPLES) {
                throw new UsageException("--interval " + millisText(given) + " gives " + n + " sample" + (n == 1 ? "" : "s")
                        + " in --duration " + durationText + "; growth needs " + MIN_SAMPLES + ": use --interval "
                        + millisText(durationMillis / (MIN_SAMPLES - 1)) + " or less, or a longer --duration");
            }
            return given;
        }
        if (samples(DEFAULT_INTERVAL_MILLIS, durationMillis) >= WANTED_SAMPLES) {
            return DEFAULT_INTERVAL_MILLIS;
        }
        long picked = Math.max(1, durationMillis / (WANTED_SAMPLES - 1));
        err.println("offheap watch: sampling every " + millisText(picked) + " (not the default 5s): " + samples(picked, durationMillis)
                + " samples in --duration " + durationText + ", enough to judge growth");
        err.flush();
        return picked;
    }

    /** "2s", "1.5s", "400ms". */
    static String millisText(long millis) {
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis >= 1000 ? String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0).replace(".0s", "s") : millis + "ms";
    }
}
