package dev.offheap.model;

import java.util.Locale;

/** Human sizes in binary units: "0 B", "812 KiB", "12.4 MiB", "2.6 GiB". */
public final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    public static String format(long bytes) {
        if (bytes < 0) {
            return "-" + format(-bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        // 1000..1023 of a unit reads better as 1.0 of the next ("1.0 MiB", not "1000 KiB")
        while (v >= 999.5 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return v >= 100 || unit == 1 ? String.format(Locale.ROOT, "%.0f %s", v, UNITS[unit])
                : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** Like {@link #format} with an explicit sign, for deltas: "+12.0 MiB", "-3 KiB", "0 B". */
    public static String signed(long bytes) {
        return bytes > 0 ? "+" + format(bytes) : format(bytes);
    }

    /** The size or a dash when unknown. */
    public static String orDash(Long bytes) {
        return bytes == null ? "-" : format(bytes);
    }

    /** Human durations: "45 s", "12 min", "3.5 h", "4 days". */
    public static String duration(double seconds) {
        if (seconds < 120) {
            return Math.round(seconds) + " s";
        }
        if (seconds < 7200) {
            return Math.round(seconds / 60) + " min";
        }
        if (seconds < 172800) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return Math.round(seconds / 86400) + " days";
    }
}
