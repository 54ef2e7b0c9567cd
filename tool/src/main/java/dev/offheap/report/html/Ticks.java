package dev.offheap.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks at round values (bytes in binary units, durations in s/min/h) and SVG number formatting. */
final class Ticks {
    private static final double[] STEPS = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    private static final long[] TIME_STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
        21600, 43200, 86400, 172800, 604800};

    /** Ten thousand years: longer spans than that are no watch (and their ticks would overflow a long). */
    private static final double MAX_SECONDS = 1e4 * 365.25 * 86400;

    private Ticks() {
    }

    /** About {@code count} ticks from 0 to the first at or above {@code max} bytes, at 1/2/5 × a binary unit. */
    static List<Long> bytes(long max, int count) {
        double raw = Math.max(1, max) / (double) count;
        double unit = 1;
        while (raw / unit >= 1024) {
            unit *= 1024;
        }
        double step = STEPS[STEPS.length - 1] * unit;
        for (double s : STEPS) {
            if (s * unit >= raw) {
                step = s * unit;
                break;
            }
        }
        List<Long> ticks = new ArrayList<>();
        for (double v = 0; ; v += step) {
            ticks.add((long) v);
            if (v >= max) {
                return ticks;
            }
        }
    }

    /** About {@code count} ticks from 0 to {@code maxSeconds}, at round durations. */
    static List<Long> seconds(double maxSeconds, int count) {
        if (!(maxSeconds > 0 && maxSeconds < MAX_SECONDS)) {
            return List.of(0L); // nothing to scale, or no time a chart can show
        }
        double raw = Math.max(1, maxSeconds) / count;
        long week = TIME_STEPS[TIME_STEPS.length - 1];
        long step = (long) Math.ceil(raw / week) * week; // whole weeks beyond the longest round step
        for (long s : TIME_STEPS) {
            if (s >= raw) {
                step = s;
                break;
            }
        }
        List<Long> ticks = new ArrayList<>();
        for (long v = 0; v <= maxSeconds; v += step) {
            ticks.add(v);
        }
        return ticks;
    }

    /** A coordinate for SVG: at most one decimal, '.' as separator. */
    static String n(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }
}
