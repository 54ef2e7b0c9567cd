package dev.offheap.model;

import java.util.List;

/**
 * Memory allocated through one call stack (innermost frame first) and still allocated, or allocated and freed,
 * with the library that called malloc (the first frame outside libc and the allocator) and the nearest Java method,
 * usually the JNI entry. {@code library} and {@code javaMethod} are null when the stack has none.
 */
public record AllocationSite(List<StackFrame> frames, long bytes, long count, String library, String javaMethod) {
    public AllocationSite {
        frames = List.copyOf(frames);
    }
}
