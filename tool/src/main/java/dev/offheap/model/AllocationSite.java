package dev.offheap.model;

import java.util.List;

/**
 * Memory allocated through one call stack (innermost frame first) and still allocated, or allocated and freed,
 * with the library that called malloc (the first frame outside libc and the allocator) and the nearest Java method,
 * usually the JNI entry. {@code library} and {@code javaMethod} are null when the stack has none.
 * {@code scaledSamples}: how many recorded allocations smaller than the sampling interval stand behind the figures
 * (each scaled up to the interval; 0 where every call was recorded or the figures are not sampled).
 */
public record AllocationSite(List<StackFrame> frames, long bytes, long count, String library, String javaMethod, long scaledSamples) {
    public AllocationSite {
        frames = List.copyOf(frames);
    }

    public AllocationSite(List<StackFrame> frames, long bytes, long count, String library, String javaMethod) {
        this(frames, bytes, count, library, javaMethod, 0);
    }
}
