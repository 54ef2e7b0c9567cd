package dev.offheap.model;

import java.util.Map;

/**
 * One sample of {@code offheap watch}: the process RSS split into categories (resident, and the JVM's committed
 * figure where known), NMT committed per category when NMT is on, and the cheap counters (hsperfdata, buffer pools,
 * Compiler.codecache). Any counter may be null where it was not read. {@code classStats} is null except for the
 * samples taken with {@code --histogram} (first and last).
 *
 * @param residentBytes      category name (DESIGN.md §4) → resident bytes; the rows add up to {@code rssBytes}
 * @param committedBytes     category name → committed bytes, only where the JVM reports them
 * @param nmtCommittedBytes  NMT category as printed ("Other", "Internal", "Class", "Thread", …) → committed bytes
 * @param osThreads          the Threads line of /proc/PID/status (Java and JVM-internal threads)
 */
public record Sample(
        long takenAtMillis,
        long rssBytes,
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
        ClassStats classStats) {

    public Sample {
        residentBytes = Map.copyOf(residentBytes);
        committedBytes = Map.copyOf(committedBytes);
        nmtCommittedBytes = Map.copyOf(nmtCommittedBytes);
    }

    public long resident(MemoryCategory c) {
        return residentBytes.getOrDefault(c.text(), 0L);
    }

    /** NMT committed bytes of a tag (as current JDKs print its name), null when NMT is off or does not print it. */
    public Long nmt(NmtTag tag) {
        return nmtCommittedBytes.get(tag.text());
    }
}
