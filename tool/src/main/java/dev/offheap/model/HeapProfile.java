package dev.offheap.model;

import java.util.List;

/**
 * A jemalloc heap profile (heap_v2, written by {@code prof_prefix}/{@code lg_prof_interval} dumps or
 * {@code mallctl prof.dump}): the sampling period, the sampled live allocations per call stack (not yet scaled up)
 * and the process's mappings at dump time, which place each address in a library.
 */
public record HeapProfile(long samplePeriodBytes, long sampledCount, long sampledBytes, List<Stack> stacks,
                          MemoryMap mappedLibraries) {
    /** One call stack, innermost first (return addresses as the unwinder found them), with its sampled totals. */
    public record Stack(long[] addresses, long sampledCount, long sampledBytes) {
    }

    public HeapProfile {
        stacks = List.copyOf(stacks);
    }
}
