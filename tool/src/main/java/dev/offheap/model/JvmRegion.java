package dev.offheap.model;

/**
 * An address range the JVM itself reports as holding one kind of memory, e.g. the Java heap from
 * {@code GC.heap_info} or a code heap from {@code Compiler.codecache}; {@code end} is exclusive.
 */
public record JvmRegion(long start, long end, MemoryCategory category, String label, String source) {
    public long sizeBytes() {
        return end - start;
    }
}
