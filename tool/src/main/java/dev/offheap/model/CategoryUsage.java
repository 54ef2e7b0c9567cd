package dev.offheap.model;

import java.util.List;

/**
 * One row of the explained-RSS table: resident bytes of a category, the JVM's committed and reserved figures where
 * known (null where unknown), where the numbers come from, whether the resident figure is a proportional estimate,
 * and finer parts (e.g. per library, glibc arenas) that add up to at most the row.
 */
public record CategoryUsage(MemoryCategory category, long residentBytes, Long committedBytes, Long reservedBytes,
                            String source, boolean approximate, List<UsagePart> parts) {
    public CategoryUsage {
        parts = List.copyOf(parts);
    }

    /** A finer line inside a category, e.g. "libjvm.so" or "glibc arena heaps (12)". */
    public record UsagePart(String name, long residentBytes, String detail) {
    }
}
