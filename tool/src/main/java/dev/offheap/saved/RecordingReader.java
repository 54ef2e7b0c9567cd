package dev.offheap.saved;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offheap.model.ClassCounters;
import dev.offheap.model.ClassNames;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code offheap watch --record FILE} recording (JSON Lines, schema offheap/1; written by
 * {@code report.RecordingJson}). Strict on the header (first line, schema offheap/1); a torn or unreadable sample
 * line, or a sample whose time is impossible, is skipped with a warning (a watch killed while writing leaves a torn
 * last line).
 */
public final class RecordingReader {
    /** 2000-01-01 and 9999-12-31T23:59:59.999Z in epoch milliseconds: a sample's time lies between. */
    private static final long EARLIEST_MILLIS = 946_684_800_000L;
    private static final long LATEST_MILLIS = 253_402_300_799_999L;

    private RecordingReader() {
    }

    // a holder: sniffing with isRecording must not pay Jackson's start-up (~0.1 s in a cold JVM)
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Whether a first line looks like a recording header, for commands that sniff their input. */
    public static boolean isRecording(String firstLine) {
        return firstLine.startsWith("{") && firstLine.contains("\"schema\"") && firstLine.contains("\"header\"");
    }

    /** Reads the recording in {@code file}; an unreadable file is an input error. */
    public static Parsed<Recording> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static Parsed<Recording> parse(String text, String source) {
        String[] lines = text.split("\n", -1);
        JsonNode header = header(lines, source);
        List<ParseWarning> warnings = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<Finding> finals = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                String type = n.path("type").asText();
                if (type.equals("sample")) {
                    Sample sample = sample(n);
                    String wrong = wrongTime(sample.takenAtMillis(), samples);
                    if (wrong == null) {
                        samples.add(sample);
                    } else {
                        warnings.add(new ParseWarning(source, i + 1, wrong + ", skipped"));
                    }
                } else if (type.equals("final")) {
                    finals = findings(n.path("findings"));
                } else {
                    warnings.add(new ParseWarning(source, i + 1, "unknown line type '" + type + "', skipped"));
                }
            } catch (JsonProcessingException | RuntimeException e) {
                boolean lastLine = lines.length == i + 1 || lines.length == i + 2 && lines[i + 1].isBlank();
                warnings.add(new ParseWarning(source, i + 1, (lastLine ? "torn last line (the watch was killed while"
                        + " writing it?), skipped: " : "unreadable line, skipped: ") + shorten(line)));
            }
        }
        return new Parsed<>(recording(header, samples, finals), warnings);
    }

    /**
     * Why a sample's time cannot be right, or null: a watch writes times of its own clock in order, so a time before
     * the previous sample's, or outside the years 2000 to 9999, is a corrupt line (and would stretch every chart).
     */
    private static String wrongTime(long t, List<Sample> before) {
        if (t < EARLIEST_MILLIS || t > LATEST_MILLIS) {
            return "sample time t=" + t + " is not a time between the years 2000 and 9999";
        }
        long previous = before.isEmpty() ? t : before.get(before.size() - 1).takenAtMillis();
        return t < previous ? "sample time t=" + t + " is before the previous sample's (" + previous + ")" : null;
    }

    private static JsonNode header(String[] lines, String source) {
        try {
            JsonNode n = Json.MAPPER.readTree(lines[0]);
            if (!"offheap/1".equals(n.path("schema").asText()) || !"header".equals(n.path("type").asText())) {
                throw new InputException(source + ":1: expected a recording header with schema 'offheap/1', found: "
                        + shorten(lines[0]));
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new InputException(source + ":1: expected a recording header (JSON), found: " + shorten(lines[0]));
        }
    }

    private static Recording recording(JsonNode h, List<Sample> samples, List<Finding> finals) {
        JsonNode jdk = h.path("jdk");
        JvmVersion version = jdk.isMissingNode() ? null : new JvmVersion(jdk.path("version").asText(), jdk.path("major").asInt(),
                jdk.path("minor").asInt(), jdk.path("update").asInt(), text(jdk, "build"), text(jdk, "vmName"), text(jdk, "vendor"));
        Map<String, String> flags = new LinkedHashMap<>();
        h.path("flags").fields().forEachRemaining(e -> flags.put(e.getKey(), e.getValue().asText()));
        return new Recording(h.path("pid").asLong(), version, flags, strings(h.path("jvmArguments")), text(h, "nmt"),
                number(h, "containerLimit"), text(h, "jemalloc"), strings(h.path("nativeLibraries")), samples, finals,
                strings(h.path("notes")), number(h, "jvmStartedAt"));
    }

    private static Sample sample(JsonNode n) {
        if (!n.has("t") || !n.has("rss")) {
            throw new IllegalArgumentException("a sample needs 't' and 'rss'");
        }
        JsonNode cs = n.path("classStats");
        JsonNode names = cs.path("names");
        ClassStats stats = cs.isMissingNode() ? null : new ClassStats(longs(cs.path("loadersByType")),
                longs(cs.path("classesByLoaderType")), longs(cs.path("duplicateClasses")),
                cs.path("generatedAccessors").asLong(), cs.path("nioBufferCaches").asLong(), longs(cs.path("hiddenByLoaderType")),
                names.isMissingNode() ? null : new ClassNames(names.path("classes").asLong(), names.path("hiddenClasses").asLong(),
                        longs(names.path("prefixes"))));
        JsonNode cc = n.path("classCounters");
        ClassCounters counters = cc.isMissingNode() ? null : new ClassCounters(number(cc, "defined"),
                number(cc, "urlLoaderClasses"), number(cc, "jarsOpened"), number(cc, "nmtClasses"), number(cc, "nmtClassMallocs"));
        return new Sample(n.path("t").asLong(), number(n, "rss"), longs(n.path("resident")), longs(n.path("committed")),
                longs(n.path("nmt")), number(n, "loadedClasses"), number(n, "unloadedClasses"), number(n, "liveThreads"),
                number(n, "osThreads"), number(n, "directCount"), number(n, "directBytes"), number(n, "codeCacheUsed"),
                number(n, "codeCacheSize"), n.has("compilationEnabled") ? n.get("compilationEnabled").asBoolean() : null, stats,
                counters);
    }

    private static List<Finding> findings(JsonNode array) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : array) {
            JsonNode c = f.path("culprit");
            Culprit culprit = c.isMissingNode() ? null
                    : new Culprit(text(c, "library"), text(c, "javaMethod"), text(c, "className"), text(c, "thread"));
            findings.add(new Finding(f.path("id").asText(), Severity.parse(f.path("severity").asText()), f.path("title").asText(),
                    f.path("summary").asText(), strings(f.path("evidence")), f.path("remedy").asText(), culprit));
        }
        return findings;
    }

    private static Map<String, Long> longs(JsonNode o) {
        Map<String, Long> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m.isEmpty() ? new HashMap<>() : m;
    }

    private static List<String> strings(JsonNode a) {
        List<String> list = new ArrayList<>();
        a.forEach(v -> list.add(v.asText()));
        return list;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static String shorten(String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"";
    }
}
