package dev.offheap.model;

import java.util.OptionalLong;

/**
 * One category of an NMT summary: "-  Java Heap (reserved=65536KB, committed=65536KB)" and its lines.
 * Parts the JDK did not print are null (malloc, mmap, arena, category extras) or empty (readonly, peaks).
 *
 * @param rawName           the name as printed, e.g. "Shared class space"
 * @param readonlyBytes     Shared class space "readonly=" (JDK 21+)
 * @param trackingOverhead  Native Memory Tracking "(tracking overhead=...)"
 * @param threads           Thread only
 * @param classes           Class only
 * @param metadata          Class only, "Metadata:" block (JDK 10+)
 * @param classSpace        Class only, "Class space:" block (JDK 10+, with compressed class pointers)
 */
public record NmtCategory(
        String rawName,
        NmtTag tag,
        NmtAmount reserved,
        NmtAmount committed,
        NmtAllocations malloc,
        NmtMmap mmap,
        NmtAllocations arena,
        OptionalLong readonlyBytes,
        NmtAmount trackingOverhead,
        NmtThreads threads,
        NmtClassCounts classes,
        NmtMetaspace metadata,
        NmtMetaspace classSpace) {

    public long reservedBytes() {
        return reserved.bytes();
    }

    public long committedBytes() {
        return committed.bytes();
    }

    /** malloc bytes, 0 when none printed. */
    public long mallocBytes() {
        return malloc == null ? 0 : malloc.bytes().bytes();
    }

    /** arena bytes, 0 when none printed. */
    public long arenaBytes() {
        return arena == null ? 0 : arena.bytes().bytes();
    }
}
