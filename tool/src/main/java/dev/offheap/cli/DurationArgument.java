package dev.offheap.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a duration argument: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h}; a bare number is seconds. */
final class DurationArgument {
    // "500ms", "5s", "1.5m", "2h", "30"
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private DurationArgument() {
    }

    static long millis(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(option + ": '" + text + "' is not a duration (expected e.g. 500ms, 5s, 10m, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
        if (millis < 1) {
            throw new UsageException(option + ": '" + text + "' is too short");
        }
        return Math.round(millis);
    }
}
