package dev.offheap.analyze;

import dev.offheap.model.MemoryCategory;

/**
 * A piece of one mapping owned by one category. {@code residentBytes} is exact when the piece is the whole mapping
 * or was measured with pagemap, else a share of the mapping's RSS proportional to its size ({@code approximate}).
 * {@code kind} refines categories that are split later (malloc locations) or listed in parts (library names).
 */
record Segment(long start, long end, MemoryCategory category, Kind kind, String label, long residentBytes,
               boolean approximate) {
    enum Kind {
        /** Owned by the named category for good. */
        FINAL,
        /** glibc main heap ({@code [heap]}). */
        MALLOC_MAIN,
        /** A heap of a glibc non-main arena. */
        MALLOC_ARENA,
        /** Anonymous memory outside every known JVM region: malloc'ed chunks, native mmaps, or unknown JVM memory. */
        LEFTOVER
    }
}
