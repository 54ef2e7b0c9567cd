package dev.offheap.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.ClassCounters;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Finding;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import java.util.List;
import java.util.Map;

/**
 * The lines of a {@code watch --record FILE} recording (JSON Lines, schema offheap/1): a header with what does not
 * change, one line per sample, and a last line with the final snapshot's findings. Read back by
 * {@code saved.RecordingReader}; the field names here are that contract.
 */
public final class RecordingJson {
    public static final String TYPE_HEADER = "header";
    public static final String TYPE_SAMPLE = "sample";
    public static final String TYPE_FINAL = "final";
    private static final ObjectMapper LINES = new ObjectMapper();

    private RecordingJson() {
    }

    /** {"schema":"offheap/1","type":"header","pid":…,"jdk":{…},"flags":{…},…} */
    public static String header(Recording r, String toolVersion) {
        ObjectNode n = LINES.createObjectNode();
        n.put("schema", Json.SCHEMA);
        n.put("type", TYPE_HEADER);
        n.put("tool", toolVersion);
        n.put("pid", r.pid());
        if (r.version() != null) {
            n.set("jdk", version(r.version()));
        }
        ObjectNode flags = n.putObject("flags");
        r.flags().forEach(flags::put);
        strings(n.putArray("jvmArguments"), r.jvmArguments());
        n.put("nmt", r.nmtMode());
        putNullable(n, "containerLimit", r.containerLimitBytes());
        n.put("jemalloc", r.jemallocVersion());
        strings(n.putArray("nativeLibraries"), r.nativeLibraries());
        strings(n.putArray("notes"), r.notes());
        putNullable(n, "jvmStartedAt", r.jvmStartedAtMillis());
        return write(n);
    }

    /**
     * {"type":"sample","t":1700000000000,"rss":…,"resident":{"java-heap":…},…}; "classCounters" and the
     * "hiddenByLoaderType" and "names" of "classStats" are absent from recordings of offheap before issue 26.
     */
    public static String sample(Sample s) {
        ObjectNode n = LINES.createObjectNode();
        n.put("type", TYPE_SAMPLE);
        n.put("t", s.takenAtMillis());
        n.put("rss", s.rssBytes());
        longs(n.putObject("resident"), s.residentBytes());
        longs(n.putObject("committed"), s.committedBytes());
        longs(n.putObject("nmt"), s.nmtCommittedBytes());
        putNullable(n, "loadedClasses", s.loadedClasses());
        putNullable(n, "unloadedClasses", s.unloadedClasses());
        putNullable(n, "liveThreads", s.liveThreads());
        putNullable(n, "osThreads", s.osThreads());
        putNullable(n, "directCount", s.directCount());
        putNullable(n, "directBytes", s.directBytes());
        putNullable(n, "codeCacheUsed", s.codeCacheUsedBytes());
        putNullable(n, "codeCacheSize", s.codeCacheSizeBytes());
        if (s.compilationEnabled() != null) {
            n.put("compilationEnabled", s.compilationEnabled());
        }
        if (s.classStats() != null) {
            ClassStats c = s.classStats();
            ObjectNode cs = n.putObject("classStats");
            longs(cs.putObject("loadersByType"), c.loadersByType());
            longs(cs.putObject("classesByLoaderType"), c.classesByLoaderType());
            longs(cs.putObject("duplicateClasses"), c.duplicateClasses());
            cs.put("generatedAccessors", c.generatedAccessors());
            cs.put("nioBufferCaches", c.nioBufferCaches());
            longs(cs.putObject("hiddenByLoaderType"), c.hiddenByLoaderType());
            if (c.names() != null) {
                ObjectNode names = cs.putObject("names");
                names.put("classes", c.names().classes());
                names.put("hiddenClasses", c.names().hiddenClasses());
                ObjectNode prefixes = names.putObject("prefixes"); // most first, as read
                c.names().prefixes().forEach(prefixes::put);
            }
        }
        ClassCounters cc = s.classCounters();
        if (cc != null) {
            ObjectNode o = n.putObject("classCounters");
            putNullable(o, "defined", cc.definedClasses());
            putNullable(o, "urlLoaderClasses", cc.urlLoaderClasses());
            putNullable(o, "jarsOpened", cc.jarsOpened());
            putNullable(o, "nmtClasses", cc.nmtClasses());
            putNullable(o, "nmtClassMallocs", cc.nmtClassMallocs());
        }
        return write(n);
    }

    /** {"type":"final","findings":[…]}: the findings of the snapshot taken when the watch ended. */
    public static String finalFindings(List<Finding> findings) {
        ObjectNode n = LINES.createObjectNode();
        n.put("type", TYPE_FINAL);
        Json.findings(n, findings);
        return write(n);
    }

    static ObjectNode version(JvmVersion v) {
        ObjectNode jdk = LINES.createObjectNode();
        jdk.put("version", v.text());
        jdk.put("major", v.major());
        jdk.put("minor", v.minor());
        jdk.put("update", v.update());
        jdk.put("build", v.build());
        jdk.put("vmName", v.vmName());
        jdk.put("vendor", v.vendor());
        return jdk;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void longs(ObjectNode o, Map<String, Long> values) {
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(), e.getValue()));
    }

    private static void putNullable(ObjectNode n, String field, Long value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static String write(ObjectNode n) {
        try {
            return LINES.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
