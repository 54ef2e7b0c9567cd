package dev.offheap.cli;

import java.time.Duration;
import java.util.Locale;

/** Reads durations ("500ms", "10s", "2m", "1h"; a bare number is seconds) and byte sizes ("0", "512k", "1m", "2g"). */
final class Quantities {
    private Quantities() {
    }

    static Duration duration(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.replaceAll("[smh]$", ""));
            Duration d = t.endsWith("m") ? Duration.ofMinutes(n) : t.endsWith("h") ? Duration.ofHours(n) : Duration.ofSeconds(n);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the usage error below
        }
        throw new UsageException(option + ": '" + text + "' is not a duration (expected e.g. 500ms, 10s, 2m, 1h)");
    }

    static long bytes(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        try {
            long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            if (n >= 0) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // the usage error below
        }
        throw new UsageException(option + ": '" + text + "' is not a size in bytes (expected e.g. 0, 512k, 1m, 2g)");
    }
}
