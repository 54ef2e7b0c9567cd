package dev.offheap.model;

import java.util.Map;

/**
 * One sample of {@code offheap watch}: the process RSS split into categories (resident, and the JVM's committed
 * figure where known), NMT committed per category when NMT is on, and the cheap counters (hsperfdata, buffer pools,
 * Compiler.codecache). Any counter may be null where it was not read. {@code classStats} is null except for the
 * samples at which the safepoint class sources were read (once classes grew and at the end, or with
 * {@code --histogram} at the first and last).
 *
 * @param rssBytes           the process's resident set size; null only where the source does not record it (a JFR
 *                           recording of JDK 17 to 20 has no jdk.ResidentSetSize), and then {@code residentBytes} is empty

 * @param residentBytes      category name (DESIGN.md §4) → resident bytes; the rows add up to {@code rssBytes}
 * @param committedBytes     category name → committed bytes, only where the JVM reports them
 * @param nmtCommittedBytes  NMT category as printed ("Other", "Internal", "Class", "Thread", …) → committed bytes
 * @param osThreads          the Threads line of /proc/PID/status (Java and JVM-internal threads)
 * @param classCounters      the other class-loading counters (defined by loaders, found by URL loaders, NMT Class)
 */
public record Sample(
        long takenAtMillis,
        Long rssBytes,
        Map<String, Long> residentBytes,
        Map<String, Long> committedBytes,
        Map<String, Long> nmtCommittedBytes,
        Long loadedClasses,
        Long unloadedClasses,
        Long liveThreads,
        Long osThreads,
        Long directCount,
        Long directBytes,
        Long codeCacheUsedBytes,
        Long codeCacheSizeBytes,
        Boolean compilationEnabled,
        ClassStats classStats,
        ClassCounters classCounters) {

    public Sample {
        residentBytes = Map.copyOf(residentBytes);
        committedBytes = Map.copyOf(committedBytes);
        nmtCommittedBytes = Map.copyOf(nmtCommittedBytes);
    }

    /** A sample without the other class-loading counters (recordings written before they were read). */
    public Sample(long takenAtMillis, Long rssBytes, Map<String, Long> residentBytes, Map<String, Long> committedBytes,
                  Map<String, Long> nmtCommittedBytes, Long loadedClasses, Long unloadedClasses, Long liveThreads,
                  Long osThreads, Long directCount, Long directBytes, Long codeCacheUsedBytes, Long codeCacheSizeBytes,
                  Boolean compilationEnabled, ClassStats classStats) {
        this(takenAtMillis, rssBytes, residentBytes, committedBytes, nmtCommittedBytes, loadedClasses, unloadedClasses,
                liveThreads, osThreads, directCount, directBytes, codeCacheUsedBytes, codeCacheSizeBytes, compilationEnabled,
                classStats, null);
    }

    public Sample withClassStats(ClassStats stats) {
        return new Sample(takenAtMillis, rssBytes, residentBytes, committedBytes, nmtCommittedBytes, loadedClasses,
                unloadedClasses, liveThreads, osThreads, directCount, directBytes, codeCacheUsedBytes, codeCacheSizeBytes,
                compilationEnabled, stats, classCounters);
    }

    public long resident(MemoryCategory c) {
        return residentBytes.getOrDefault(c.text(), 0L);
    }

    /** NMT committed bytes of a tag (as current JDKs print its name), null when NMT is off or does not print it. */
    public Long nmt(NmtTag tag) {
        return nmtCommittedBytes.get(tag.text());
    }
}
