package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.ClassCounters;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.Snapshot;
import java.util.OptionalLong;

/**
 * What one snapshot's counters say about the kinds of classes loaded (hsperfdata, and NMT's Class line): how many
 * were defined by class loaders, how many of those a URLClassLoader found, and how many were not defined by any loader
 * (hidden classes: lambdas, LambdaForms; and the JDK's classes outside the CDS archive). Growth needs a watch.
 */
public final class ClassFacts {
    private ClassFacts() {
    }

    /**
     * "Classes: 2754 loaded (and 580 from the CDS archive), 0 unloaded; 5 defined by class loaders, 0 found by
     * URLClassLoaders; 2749 not: hidden classes (lambdas, LambdaForms) or JDK classes outside the archive (hsperfdata)."
     * Null without counters.
     */
    public static String line(Snapshot s) {
        PerfCounters p = s.counters();
        OptionalLong loaded = p == null ? OptionalLong.empty() : p.number("java.cls.loadedClasses");
        if (loaded.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("Classes: ").append(loaded.getAsLong()).append(" loaded");
        p.number("java.cls.sharedLoadedClasses").ifPresent(n -> sb.append(" (and ").append(n).append(" from the CDS archive)"));
        p.number("java.cls.unloadedClasses").ifPresent(n -> sb.append(", ").append(n).append(" unloaded"));
        ClassCounters c = ClassCounters.of(p, s.nmt());
        if (c != null && c.definedClasses() != null) {
            sb.append("; ").append(c.definedClasses()).append(" defined by class loaders");
            if (c.urlLoaderClasses() != null) {
                sb.append(", ").append(c.urlLoaderClasses()).append(" of them found by URLClassLoaders");
            }
            sb.append("; ").append(Math.max(0, loaded.getAsLong() - c.definedClasses())).append(" not: hidden classes (lambdas,"
                    + " LambdaForms) or JDK classes outside the archive");
        }
        sb.append(" (hsperfdata");
        if (c != null && c.nmtClasses() != null) {
            sb.append("; NMT counts ").append(c.nmtClasses()).append(" classes");
        }
        return sb.append(")").toString();
    }

    /** The same as JSON fields of {@code into}; nothing without counters. */
    public static void json(Snapshot s, ObjectNode into) {
        PerfCounters p = s.counters();
        OptionalLong loaded = p == null ? OptionalLong.empty() : p.number("java.cls.loadedClasses");
        if (loaded.isEmpty()) {
            return;
        }
        ObjectNode o = into.putObject("classes");
        o.put("loaded", loaded.getAsLong());
        p.number("java.cls.sharedLoadedClasses").ifPresent(n -> o.put("sharedLoaded", n));
        p.number("java.cls.unloadedClasses").ifPresent(n -> o.put("unloaded", n));
        ClassCounters c = ClassCounters.of(p, s.nmt());
        if (c != null) {
            put(o, "definedByLoaders", c.definedClasses());
            put(o, "foundByUrlLoaders", c.urlLoaderClasses());
            put(o, "jarsOpened", c.jarsOpened());
            if (c.definedClasses() != null) {
                o.put("notDefinedByLoaders", Math.max(0, loaded.getAsLong() - c.definedClasses()));
            }
            put(o, "nmtClasses", c.nmtClasses());
        }
    }

    private static void put(ObjectNode o, String field, Long value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
