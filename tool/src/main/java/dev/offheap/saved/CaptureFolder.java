package dev.offheap.saved;

import dev.offheap.files.OwnerOnly;
import dev.offheap.model.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A capture: a collect folder saved when a followed JVM neared its memory limit, with {@code capture.txt} (why,
 * when, by whom, and what became of the JVM afterwards) and {@code window.jsonl} (the watch recording of the samples
 * before it). Its name sorts by time: {@code 20251207T021500Z-pid4242-limit_90pct}.
 */
public final class CaptureFolder {
    public static final String INFO = "capture.txt";
    public static final String WINDOW = "window.jsonl";
    private static final String HEADER = "# offheap capture: why this folder was saved, by whom, and what became of the JVM";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** "20251207T021500Z-pid4242-limit_90pct" */
    static final Pattern NAME = Pattern.compile("\\d{8}T\\d{6}Z-pid\\d+-[a-z0-9_]+(-\\d+)?");

    /**
     * What {@code capture.txt} says. {@code limitKind}: "container" or "budget"; {@code secondsToLimit} null when no
     * trend stood behind one; {@code outcomes}: lines added after the capture (the JVM's end).
     */
    public record Info(long pid, String mainClass, String reason, String why, long usedBytes, long limitBytes,
                       String limitKind, Double secondsToLimit, long startedAtMillis, long finishedAtMillis, String takenBy,
                       List<String> outcomes) {
        public Info {
            outcomes = List.copyOf(outcomes);
        }

        public Info withOutcome(String line) {
            List<String> more = new ArrayList<>(outcomes);
            more.add(line);
            return new Info(pid, mainClass, reason, why, usedBytes, limitBytes, limitKind, secondsToLimit, startedAtMillis,
                    finishedAtMillis, takenBy, more);
        }

        /** Whether an outcome says the OOM killer ended the JVM. */
        public boolean killed() {
            return outcomes.stream().anyMatch(o -> o.startsWith(KILLED));
        }
    }

    /** How an outcome line about an OOM kill starts. */
    public static final String KILLED = "killed by the OOM killer";

    private CaptureFolder() {
    }

    /** The folder name of a capture of {@code pid} started at {@code startedAtMillis} for {@code reason}. */
    public static String name(long startedAtMillis, long pid, String reason) {
        return NAME_TIME.format(Instant.ofEpochMilli(startedAtMillis)) + "-pid" + pid + "-" + reason;
    }

    /** Whether {@code dir} is a capture: a collect folder with capture.txt. */
    public static boolean isCapture(Path dir) {
        return Files.isRegularFile(dir.resolve(INFO)) && SnapshotFolder.isSnapshotFolder(dir);
    }

    /** capture.txt's text. */
    public static String format(Info i) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        line(sb, "pid", Long.toString(i.pid()));
        line(sb, "main class", i.mainClass() == null ? "" : i.mainClass());
        line(sb, "reason", i.reason());
        line(sb, "why", i.why());
        line(sb, "used bytes", Long.toString(i.usedBytes()));
        line(sb, "limit bytes", Long.toString(i.limitBytes()));
        line(sb, "limit", i.limitKind());
        if (i.secondsToLimit() != null) {
            line(sb, "seconds to limit", String.format(java.util.Locale.ROOT, "%.0f", i.secondsToLimit()));
        }
        line(sb, "started", Instant.ofEpochMilli(i.startedAtMillis()).toString());
        line(sb, "finished", Instant.ofEpochMilli(i.finishedAtMillis()).toString());
        line(sb, "taken by", i.takenBy());
        i.outcomes().forEach(o -> line(sb, "outcome", o));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        // one line per key: a value never carries a line break into the file
        sb.append(key).append(": ").append(value.replace('\n', ' ').replace('\r', ' ')).append('\n');
    }

    /** Reads capture.txt of {@code dir}: strict on its header, lenient per line (an unknown key is passed over). */
    public static Info read(Path dir) {
        Path file = dir.resolve(INFO);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses capture.txt's text; {@code source} names it in errors. */
    public static Info parse(String text, String source) {
        String[] lines = text.split("\n", -1);
        if (!lines[0].strip().equals(HEADER)) {
            throw new InputException(source + ":1: expected '" + HEADER + "', found: \"" + lines[0].strip() + "\"");
        }
        java.util.Map<String, String> values = new java.util.HashMap<>();
        List<String> outcomes = new ArrayList<>();
        for (int n = 1; n < lines.length; n++) {
            int colon = lines[n].indexOf(": ");
            if (colon <= 0) {
                continue;
            }
            String key = lines[n].substring(0, colon);
            String value = lines[n].substring(colon + 2).strip();
            if (key.equals("outcome")) {
                outcomes.add(value);
            } else {
                values.put(key, value);
            }
        }
        return new Info(number(values, "pid", source), values.getOrDefault("main class", ""),
                required(values, "reason", source), values.getOrDefault("why", ""), number(values, "used bytes", source),
                number(values, "limit bytes", source), values.getOrDefault("limit", ""),
                values.containsKey("seconds to limit") ? decimal(values.get("seconds to limit")) : null,
                time(values, "started", source), time(values, "finished", source), values.getOrDefault("taken by", ""),
                outcomes);
    }

    private static String required(java.util.Map<String, String> values, String key, String source) {
        String v = values.get(key);
        if (v == null) {
            throw new InputException(source + ": no '" + key + ":' line");
        }
        return v;
    }

    private static long number(java.util.Map<String, String> values, String key, String source) {
        String v = required(values, key, source);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InputException(source + ": '" + key + ":' expected a number, found: \"" + v + "\"");
        }
    }

    private static Double decimal(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long time(java.util.Map<String, String> values, String key, String source) {
        String v = required(values, key, source);
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InputException(source + ": '" + key + ":' expected a UTC time (2025-12-07T02:15:00Z), found: \"" + v + "\"");
        }
    }

    /** Writes capture.txt whole (a temporary file renamed into place), owner-only. */
    public static void write(Path dir, Info info) throws IOException {
        Path tmp = dir.resolve("." + INFO + ".tmp");
        try {
            OwnerOnly.writeString(tmp, format(info));
            Files.move(tmp, dir.resolve(INFO), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The capture's window recording, when it has one. */
    public static Optional<Path> window(Path dir) {
        Path w = dir.resolve(WINDOW);
        return Files.isRegularFile(w) ? Optional.of(w) : Optional.empty();
    }
}
