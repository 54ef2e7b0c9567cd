package dev.offheap.live;

import dev.offheap.analyze.ArenaDetector;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.MemoryMap;
import dev.offheap.proc.ProcessMemory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The glibc arena heaps of a live process: candidates by layout, confirmed by their headers in /proc/PID/mem. */
final class GlibcHeaps {
    private GlibcHeaps() {
    }

    /** The heaps, each confirmed (or not) by its header; unconfirmed ({@code null}) where memory is not readable. */
    static List<GlibcHeap> of(long pid, MemoryMap map) {
        List<GlibcHeap> candidates = ArenaDetector.candidates(map);
        if (candidates.isEmpty()) {
            return candidates;
        }
        Map<Long, byte[]> headers = new HashMap<>();
        try (ProcessMemory mem = ProcessMemory.open(pid)) {
            for (GlibcHeap h : candidates) {
                mem.read(h.start(), ArenaDetector.HEADER_BYTES).ifPresent(b -> headers.put(h.start(), b));
            }
        }
        return ArenaDetector.confirm(candidates, headers);
    }
}
