package dev.offheap.parse.logs;

import dev.offheap.model.GcLogSummary;
import dev.offheap.model.InputException;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.parse.Lines;
import dev.offheap.parse.TextInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a HotSpot GC log for what concerns off-heap memory: unified logging ({@code -Xlog:gc*:file=gc.log}, JDK 9+,
 * any decorations) and the JDK 8 format ({@code -XX:+PrintGCDetails -Xloggc:gc.log} or {@code -verbose:gc}, with or
 * without date and time stamps). Counts collections caused by "Metadata GC Threshold" (and the last-ditch
 * "Metadata GC Clear Soft References"), by "System.gc()", and "CodeCache is full" warnings; other lines are ignored.
 */
public final class GcLogParser {
    // "[0.757s][info][gc,start    ] GC(0) Pause Young (Concurrent Start) (Metadata GC Threshold)"
    // "[2024-05-01T10:00:00.000+0000][12.5s][info][gc] GC(3) Pause Full (System.gc()) 19M->1M(10M) 2.644ms"
    private static final Pattern UNIFIED = Pattern.compile("^((?:\\[[^\\]]*\\])+)\\s*(.*)$");
    private static final Pattern UNIFIED_TAGS = Pattern.compile("\\[(?:trace|debug|info|warning|error)\\s*\\]\\[([a-z0-9_, ]+)\\]");
    private static final Pattern UPTIME = Pattern.compile("\\[(\\d+(?:\\.\\d+)?)s\\]");
    private static final Pattern GC_ID = Pattern.compile("\\bGC\\((\\d{1,18})\\) (.*)");
    // "GC(0) Metaspace: 5937K(8192K)->5937K(8192K) NonClass: …" (JDK 16+), "GC(0) Metaspace: 5937K->5937K(1056768K)" (JDK 9-15)
    // "[Metaspace: 20882K->20882K(1069056K)]" (JDK 8)
    private static final Pattern METASPACE = Pattern.compile("Metaspace: \\d+K(?:\\(\\d+K\\))?->(\\d{1,15})K");
    // "2016-02-09T00:02:44.070-0500: 11.586: [Full GC (Metadata GC Threshold) [PSYoungGen: …"
    // "10.151: [GC pause (Metadata GC Threshold) (young) (initial-mark)", "73833.505: [Full GC (System.gc())  547005K->…"
    private static final Pattern JDK8_GC = Pattern.compile("(?:^|: )(?:(\\d+\\.\\d+): )?\\[(Full GC|GC)(?! concurrent)(?: pause)?(?=[ (\\[]) ?(\\(([^()]*(?:\\(\\))?)\\))?");
    private static final Pattern JDK8_HEADER = Pattern.compile("^(?:Java HotSpot\\(TM\\)|OpenJDK) .*VM \\(\\d+\\.\\d+-b\\d+\\).*|^CommandLine flags: .*");
    private static final String CODE_CACHE_FULL = "CodeCache is full";

    private final String source;
    private final List<ParseWarning> warnings = new ArrayList<>();
    private final Set<Long> ids = new HashSet<>();
    private final Set<Long> metadata = new HashSet<>();
    private final Set<Long> metadataFull = new HashSet<>();
    private final Set<Long> lastDitch = new HashSet<>();
    private final Set<Long> systemGc = new HashSet<>();
    private final Set<Long> systemGcFull = new HashSet<>();
    private long jdk8Collections;
    private long codeCacheFull;
    private Long firstMetaspaceAfter;
    private Long lastMetaspaceAfter;
    private Double firstUptime;
    private Double lastUptime;
    private boolean lastWasMetadata;

    private GcLogParser(String source) {
        this.source = source;
    }

    /** Reads the file line by line: GC logs of long-running JVMs reach gigabytes. */
    public static Parsed<GcLogSummary> parse(Path file) {
        String source = TextInput.sourceName(file);
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(java.nio.file.Files.newInputStream(file), decoder))) {
            return parse(r, source);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** True when one of the first lines of a text is a GC log line of either format. */
    public static boolean sniff(String head) {
        Lines lines = new Lines(head);
        for (int i = 0; i < 40 && lines.next(); i++) {
            String line = lines.line();
            if (isUnifiedGcLine(line) || JDK8_HEADER.matcher(line).matches() || JDK8_GC.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    public static Parsed<GcLogSummary> parse(String text, String source) {
        try {
            return parse(new BufferedReader(new java.io.StringReader(text)), source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Parsed<GcLogSummary> parse(BufferedReader reader, String source) throws IOException {
        GcLogParser p = new GcLogParser(source);
        String format = p.run(reader);
        return new Parsed<>(p.summary(format), p.warnings);
    }

    private String run(BufferedReader reader) throws IOException {
        String format = null;
        long number = 0;
        boolean any = false;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            any |= !line.isBlank();
            if (line.isBlank()) {
                continue;
            }
            if (line.contains(CODE_CACHE_FULL)) {
                codeCacheFull++;
            }
            if (isUnifiedGcLine(line)) {
                format = "unified";
                unified(line);
            } else if (line.startsWith("[") && UNIFIED.matcher(line).matches() && UNIFIED_TAGS.matcher(line).find()) {
                continue; // unified logging of other tags (safepoint, codecache, …)
            } else if (jdk8(line)) {
                format = format == null ? "jdk8" : format;
            } else if (format == null && number > 40) {
                throw new InputException(source + ":" + number + ": no GC log line in the first 40 lines, expected"
                        + " unified logging (-Xlog:gc*) or the JDK 8 format (-XX:+PrintGCDetails)");
            }
        }
        if (!any) {
            throw new InputException(source + ": empty file, expected a GC log");
        }
        if (format == null) {
            throw new InputException(source + ": no GC log line found, expected unified logging (-Xlog:gc*) or the JDK 8"
                    + " format (-XX:+PrintGCDetails)");
        }
        return format;
    }

    private static boolean isUnifiedGcLine(String line) {
        if (!line.startsWith("[")) {
            return false;
        }
        Matcher t = UNIFIED_TAGS.matcher(line);
        return t.find() && t.group(1).trim().startsWith("gc");
    }

    private void unified(String line) {
        Matcher up = UPTIME.matcher(line);
        if (up.find()) {
            uptime(Double.parseDouble(up.group(1)));
        }
        Matcher id = GC_ID.matcher(line);
        if (!id.find()) {
            return;
        }
        long gc = Long.parseLong(id.group(1));
        String rest = id.group(2);
        ids.add(gc);
        boolean full = rest.startsWith("Pause Full") || rest.startsWith("Major Collection");
        if (rest.contains("(Metadata GC Threshold)") || rest.contains("(Metadata GC Clear Soft References)")) {
            metadata.add(gc);
            if (full) {
                metadataFull.add(gc);
            }
            if (rest.contains("Clear Soft References")) {
                lastDitch.add(gc);
            }
        } else if (rest.contains("(System.gc())")) {
            systemGc.add(gc);
            if (full) {
                systemGcFull.add(gc);
            }
        }
        Matcher m = METASPACE.matcher(rest);
        if (m.find() && metadata.contains(gc)) {
            metaspaceAfter(Long.parseLong(m.group(1)) << 10);
        }
    }

    private boolean jdk8(String line) {
        Matcher m = JDK8_GC.matcher(line);
        boolean any = false;
        while (m.find()) {
            any = true;
            jdk8Collections++;
            if (m.group(1) != null) {
                uptime(Double.parseDouble(m.group(1)));
            }
            boolean full = m.group(2).equals("Full GC");
            String cause = m.group(4) == null ? "" : m.group(4);
            lastWasMetadata = cause.startsWith("Metadata GC");
            long n = jdk8Collections;
            if (lastWasMetadata) {
                metadata.add(n);
                if (full) {
                    metadataFull.add(n);
                }
                if (cause.contains("Clear Soft References")) {
                    lastDitch.add(n);
                }
            } else if (cause.equals("System.gc()")) {
                systemGc.add(n);
                if (full) {
                    systemGcFull.add(n);
                }
            }
        }
        Matcher meta = METASPACE.matcher(line);
        if (meta.find() && lastWasMetadata) {
            metaspaceAfter(Long.parseLong(meta.group(1)) << 10);
        }
        return any || JDK8_HEADER.matcher(line).matches();
    }

    private void uptime(double seconds) {
        if (firstUptime == null) {
            firstUptime = seconds;
        }
        lastUptime = seconds;
    }

    private void metaspaceAfter(long bytes) {
        if (firstMetaspaceAfter == null) {
            firstMetaspaceAfter = bytes;
        }
        lastMetaspaceAfter = bytes;
    }

    private GcLogSummary summary(String format) {
        long collections = format.equals("unified") ? ids.size() : jdk8Collections;
        return new GcLogSummary(format, collections, metadata.size(), metadataFull.size(), lastDitch.size(),
                systemGc.size(), systemGcFull.size(), codeCacheFull, firstMetaspaceAfter, lastMetaspaceAfter,
                firstUptime, lastUptime);
    }
}
