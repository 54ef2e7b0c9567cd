package dev.offheap.model;

import java.util.List;

/**
 * glibc's {@code malloc_info} XML (from {@code jcmd System.native_heap_info}): per arena ("heap nr") the bytes it
 * got from the system and the bytes free inside it (fastbins + rest), plus totals; {@code mmappedBytes} is the
 * memory of chunks served by mmap.
 */
public record MallocInfo(List<Arena> arenas, long totalSystemBytes, long totalFreeBytes, long mmappedBytes,
                         long mmappedCount) {
    public MallocInfo {
        arenas = List.copyOf(arenas);
    }

    /** One arena: {@code nr} 0 is the main arena ({@code [heap]}). */
    public record Arena(int nr, long systemBytes, long freeFastBytes, long freeRestBytes, int subheaps) {
        public long freeBytes() {
            return freeFastBytes + freeRestBytes;
        }
    }
}
