package dev.offheap.model;

import java.util.List;

/**
 * What a process did while its page faults were sampled: its RSS and anonymous huge pages when sampling had
 * started (read after the profiler's start returned: loading the profiler adds its own memory) and before it
 * stopped, the faults the kernel counted meanwhile ({@code /proc/PID/stat} minflt + majflt), its threads at both
 * ends, the base page size, and each recording (chunk) with the interval it sampled at, in faults per sample.
 */
public record GrowthWindow(long durationMillis, long rssStartBytes, long rssEndBytes, long hugeStartBytes,
                           long hugeEndBytes, long kernelFaults, long pageSizeBytes, int threadsStart, int threadsEnd,
                           List<Chunk> chunks) {
    /** One recording: every {@code interval}-th fault of each thread sampled, for {@code millis}. */
    public record Chunk(long interval, long millis) {
    }

    public GrowthWindow {
        chunks = List.copyOf(chunks);
    }

    public long rssGrowthBytes() {
        return rssEndBytes - rssStartBytes;
    }

    public long hugeGrowthBytes() {
        return hugeEndBytes - hugeStartBytes;
    }

    /** The largest interval used (1 when every fault was sampled). */
    public long maxInterval() {
        return chunks.stream().mapToLong(Chunk::interval).max().orElse(1);
    }
}
