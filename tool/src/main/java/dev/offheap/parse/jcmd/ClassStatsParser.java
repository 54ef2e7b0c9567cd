package dev.offheap.parse.jcmd;

import dev.offheap.model.ClassStats;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces {@code jcmd PID VM.classloader_stats} and {@code jcmd PID GC.class_histogram} (JDK 8–25) to
 * {@link ClassStats}: loaders, classes and hidden classes per loader type, class names seen more than once,
 * reflection accessors and NIO buffer caches. Lines that do not match are skipped (headers, totals, legends).
 * Each row is one loader object: the first column is the loader's klass, the same for every loader of a type, so
 * rows are counted, never merged by address.
 */
public final class ClassStatsParser {
    // "0x00007feb5307af08  0x00007feb5307d1e8  0x00007febc80be2c0       2       768       414  jdk.internal.loader.ClassLoaders$AppClassLoader"
    // "0x0000000000000000  0x0000000000000000  0x00007febc8084160     492    557056     10042  <boot class loader>"
    private static final Pattern LOADER = Pattern.compile(
            "^0x\\p{XDigit}+\\s+0x\\p{XDigit}+\\s+0x\\p{XDigit}+\\s+(\\d{1,18})\\s+\\d+\\s+\\d+\\s+(\\S.*?)\\s*$");
    // "   1:          7203         332816  [B (java.base@17.0.15)"   JDK 8: "   1:          7203         332816  [B"
    private static final Pattern HISTOGRAM = Pattern.compile("^\\s*\\d+:\\s+(\\d{1,18})\\s+\\d+\\s+(\\S+)");
    // the hidden classes with a class loader data of their own, folded into the loader row above them:
    // "                                                               963    369920    241312   + hidden classes"
    // (JDK 11: "+ unsafe anonymous classes", JDK 8: "+ anonymous classes")
    private static final Pattern HIDDEN = Pattern.compile(
            "^\\s+(\\d{1,18})\\s+\\d+\\s+\\d+\\s+\\+ (?:hidden|unsafe anonymous|anonymous) classes\\s*$");
    // "jdk.internal.reflect.GeneratedMethodAccessor12", "sun.reflect.GeneratedSerializationConstructorAccessor3"
    private static final Pattern ACCESSOR = Pattern.compile(
            "(?:jdk\\.internal|sun)\\.reflect\\.Generated(?:Method|Constructor|SerializationConstructor)Accessor\\d+");
    private static final String BUFFER_CACHE = "sun.nio.ch.Util$BufferCache";
    private static final int MAX_DUPLICATES = 50;

    private ClassStatsParser() {
    }

    /** Either text may be null (not read). */
    public static ClassStats parse(String loaderStats, String histogram) {
        Map<String, Long> loaders = new HashMap<>();
        Map<String, Long> classes = new HashMap<>();
        Map<String, Long> hidden = new HashMap<>();
        if (loaderStats != null) {
            String type = null;
            for (String line : loaderStats.split("\n")) {
                Matcher m = LOADER.matcher(line);
                if (m.find()) {
                    type = m.group(2);
                    loaders.merge(type, 1L, Long::sum);
                    classes.merge(type, Long.parseLong(m.group(1)), Long::sum);
                    continue;
                }
                Matcher h = HIDDEN.matcher(line);
                if (h.find() && type != null) {
                    hidden.merge(type, Long.parseLong(h.group(1)), Long::sum);
                }
            }
        }
        Map<String, Long> names = new HashMap<>();
        long accessors = 0;
        long caches = 0;
        if (histogram != null) {
            for (String line : histogram.split("\n")) {
                Matcher m = HISTOGRAM.matcher(line);
                if (!m.find()) {
                    continue;
                }
                String name = m.group(2);
                names.merge(name, 1L, Long::sum);
                accessors += ACCESSOR.matcher(name).matches() ? 1 : 0;
                caches += name.equals(BUFFER_CACHE) ? Long.parseLong(m.group(1)) : 0;
            }
        }
        Map<String, Long> duplicates = new LinkedHashMap<>();
        names.entrySet().stream().filter(e -> e.getValue() > 1)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_DUPLICATES).forEach(e -> duplicates.put(e.getKey(), e.getValue()));
        return new ClassStats(loaders, classes, duplicates, accessors, caches, hidden, null);
    }
}
