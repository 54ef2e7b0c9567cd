package dev.offheap.analyze.offline;

import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.GcLogSummary;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Findings a GC log supports on its own: collections triggered by metaspace (METASPACE_GROWTH), full collections
 * requested by System.gc() (EXPLICIT_FULL_GC) and "CodeCache is full" warnings (CODE_CACHE_FULL).
 */
public final class GcLogFindings {
    /** A few metadata-triggered GCs are normal while classes load at startup: the threshold rises step by step. */
    static final int WARM_UP_METADATA_GCS = 3;

    private GcLogFindings() {
    }

    /** {@code flags} may be null (a GC log alone). */
    public static List<Finding> evaluate(GcLogSummary log, String name, JvmFlags flags) {
        List<Finding> out = new ArrayList<>();
        metaspace(log, name, flags).ifPresent(out::add);
        explicitGc(log, name, flags).ifPresent(out::add);
        codeCache(log, name, flags).ifPresent(out::add);
        return out;
    }

    private static java.util.Optional<Finding> metaspace(GcLogSummary log, String name, JvmFlags flags) {
        boolean lastDitch = log.lastDitchCollections() > 0;
        if (log.metadataCollections() <= WARM_UP_METADATA_GCS && log.metadataFullCollections() == 0 && !lastDitch) {
            return java.util.Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(name + ": " + log.metadataCollections() + " of " + log.collections() + " collections triggered by"
                + " 'Metadata GC Threshold'" + span(log) + (log.metadataFullCollections() > 0
                ? ", " + log.metadataFullCollections() + " of them full collections" : ""));
        if (log.firstMetaspaceAfterBytes() != null && log.lastMetaspaceAfterBytes() != null) {
            evidence.add("metaspace used after those collections: " + Sizes.format(log.firstMetaspaceAfterBytes()) + " at the"
                    + " first, " + Sizes.format(log.lastMetaspaceAfterBytes()) + " at the last");
        }
        if (lastDitch) {
            evidence.add(log.lastDitchCollections() + " last-ditch collections ('Metadata GC Clear Soft References'): metaspace"
                    + " was about to fail with OutOfMemoryError: Metaspace");
        }
        OptionalLong max = flags == null ? OptionalLong.empty() : flags.longValue("MaxMetaspaceSize");
        boolean unlimited = max.isEmpty() || max.getAsLong() >= 1L << 60;
        Severity severity = lastDitch ? Severity.CRITICAL : Severity.WARNING;
        return java.util.Optional.of(new Finding(FindingId.METASPACE_GROWTH, severity,
                "Metaspace keeps reaching its GC threshold (" + log.metadataCollections() + " collections)",
                "Each 'Metadata GC Threshold' collection means class metadata reached the high-water mark and the JVM"
                        + " collected to unload classes before raising it. A few at startup are normal; many, or full ones,"
                        + " mean classes keep being defined (generated proxies, scripts, reflection accessors) by loaders"
                        + " that stay reachable, or that MetaspaceSize is set too low for the application.",
                evidence,
                "Check the class count over time ('offheap watch --histogram PID' or jcmd PID VM.classloader_stats) and"
                        + " cache generated classes instead of regenerating them; if the count is stable, raise"
                        + " -XX:MetaspaceSize to the steady-state size to avoid the collections."
                        + (unlimited ? " Set -XX:MaxMetaspaceSize so that a leak ends in 'OutOfMemoryError: Metaspace'"
                        + " instead of unbounded growth." : ""),
                null));
    }

    private static java.util.Optional<Finding> explicitGc(GcLogSummary log, String name, JvmFlags flags) {
        if (log.systemGcFullCollections() == 0) {
            return java.util.Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(name + ": " + log.systemGcFullCollections() + " full collections requested by System.gc()" + span(log)
                + (log.systemGcCollections() > log.systemGcFullCollections() ? " (" + log.systemGcCollections()
                + " System.gc() collections in all)" : ""));
        boolean disabled = flags != null && flags.bool("DisableExplicitGC").orElse(false);
        if (flags != null) {
            evidence.add("MaxDirectMemorySize=" + flags.longValue("MaxDirectMemorySize").orElse(0)
                    + ", ExplicitGCInvokesConcurrent=" + flags.bool("ExplicitGCInvokesConcurrent").orElse(false));
        }
        return java.util.Optional.of(new Finding(FindingId.EXPLICIT_FULL_GC,
                log.systemGcFullCollections() > 2 ? Severity.WARNING : Severity.INFO,
                "System.gc() ran " + log.systemGcFullCollections() + " full collections",
                "The JDK itself calls System.gc() when direct memory reaches MaxDirectMemorySize (to free unreachable"
                        + " direct buffers before failing with 'Cannot reserve direct buffer memory'), and RMI's distributed"
                        + " GC calls it hourly; libraries and application code may call it too. Each call is a full,"
                        + " stop-the-world collection with this collector. Repeated ones usually mean direct memory is at"
                        + " its limit.",
                evidence,
                "Do not add -XX:+DisableExplicitGC: it would stop the JDK from freeing dead direct buffers (see"
                        + " DISABLE_EXPLICIT_GC). Use -XX:+ExplicitGCInvokesConcurrent (G1) so System.gc() runs a"
                        + " concurrent cycle, and check direct memory ('offheap report PID'): if it is at its limit, raise"
                        + " -XX:MaxDirectMemorySize or find what holds the buffers ('offheap heap --dump PID')."
                        + (disabled ? " (DisableExplicitGC is set, yet these collections ran: the log predates the flag?)" : ""),
                null));
    }

    private static java.util.Optional<Finding> codeCache(GcLogSummary log, String name, JvmFlags flags) {
        if (log.codeCacheFullWarnings() == 0) {
            return java.util.Optional.empty();
        }
        OptionalLong reserved = flags == null ? OptionalLong.empty() : flags.longValue("ReservedCodeCacheSize");
        List<String> evidence = new ArrayList<>();
        evidence.add(name + ": 'CodeCache is full' printed " + log.codeCacheFullWarnings() + " times");
        reserved.ifPresent(r -> evidence.add("ReservedCodeCacheSize=" + Sizes.format(r)));
        long suggested = reserved.isPresent() ? Math.max(256L << 20, Long.highestOneBit(reserved.getAsLong()) << 1) : 512L << 20;
        return java.util.Optional.of(new Finding(FindingId.CODE_CACHE_FULL, Severity.CRITICAL,
                "CodeCache is full: the JIT compiler has been disabled",
                "JIT-compiled code lives in the code cache. When it is full the JVM prints 'CodeCache is full. Compiler"
                        + " has been disabled.' and stops compiling: new hot code runs interpreted, often many times slower,"
                        + " although memory stays bounded by ReservedCodeCacheSize.",
                evidence,
                "Raise the limit: -XX:ReservedCodeCacheSize=" + (suggested >> 20) + "m" + (reserved.isPresent()
                        ? " (now " + (reserved.getAsLong() >> 20) + "m)" : "") + ", and keep -XX:+UseCodeCacheFlushing on."
                        + " If the cache fills again at any size, look for code generated without end (scripting engines,"
                        + " generated classes).",
                null));
    }

    private static String span(GcLogSummary log) {
        if (log.firstUptimeSeconds() == null || log.lastUptimeSeconds() == null) {
            return "";
        }
        return String.format(" between uptime %.1fs and %.1fs", log.firstUptimeSeconds(), log.lastUptimeSeconds());
    }
}
