package dev.offheap.analyze;

import dev.offheap.model.GlibcHeap;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds glibc malloc heaps of non-main arenas in a memory map: each is a 64 MiB-aligned reservation (HEAP_MAX_SIZE
 * on 64-bit) whose low part is {@code rw-p} and the rest {@code ---p}. Candidates are confirmed, where the caller
 * could read them from /proc/PID/mem, by the {@code heap_info} header glibc keeps at the start of each heap.
 */
public final class ArenaDetector {
    /** HEAP_MAX_SIZE = 2 * DEFAULT_MMAP_THRESHOLD_MAX = 64 MiB on 64-bit glibc. */
    public static final long HEAP_SIZE = 64L << 20;
    /** Bytes of the heap_info header read for confirmation: ar_ptr, prev, size, mprotect_size. */
    public static final int HEADER_BYTES = 32;
    /**
     * The most heaps one mapping is taken to hold (4 TiB): more is no series of malloc heaps, and a corrupt map must
     * not make millions of candidates.
     */
    private static final long MAX_SERIES = 1 << 16;

    private ArenaDetector() {
    }

    /** Candidate heaps, unconfirmed ({@code confirmed == null}, {@code arenaStart == start}). */
    public static List<GlibcHeap> candidates(MemoryMap map) {
        List<GlibcHeap> heaps = new ArrayList<>();
        List<Mapping> ms = map.mappings();
        for (int i = 0; i < ms.size(); i++) {
            Mapping m = ms.get(i);
            if (!m.isAnonymous() || m.path() != null || !m.perms().equals("rw-p")) {
                continue;
            }
            long first = alignUp(m.startAddress());
            if (m.endAddress() < 0 || first < m.startAddress()) {
                continue; // in the kernel's half ([vsyscall]), or aligning up passed the top: no malloc heap there
            }
            if (m.startAddress() == first && m.sizeBytes() % HEAP_SIZE == 0) {
                // a series of full heaps: the kernel merges neighbouring heaps that have the same permissions
                if (m.sizeBytes() / HEAP_SIZE <= MAX_SERIES) {
                    for (long b = first; b < m.endAddress(); b += HEAP_SIZE) {
                        heaps.add(new GlibcHeap(b, b + HEAP_SIZE, b + HEAP_SIZE, residentShare(m, b, b + HEAP_SIZE),
                                b, null));
                    }
                }
                continue;
            }
            // otherwise only the block holding the mapping's end can be a heap: used up to there, and reserved to its
            // 64 MiB end by the ---p mapping that follows
            Mapping next = i + 1 < ms.size() ? ms.get(i + 1) : null;
            long b = (m.endAddress() - 1) & -HEAP_SIZE;
            boolean tail = b >= first && next != null && next.startAddress() == m.endAddress()
                    && next.perms().equals("---p") && next.path() == null && next.endAddress() >= b + HEAP_SIZE;
            if (tail) {
                heaps.add(new GlibcHeap(b, m.endAddress(), b + HEAP_SIZE, residentShare(m, b, m.endAddress()), b, null));
            }
        }
        return heaps;
    }

    /**
     * Confirms candidates with their headers (address → first {@link #HEADER_BYTES} bytes; a missing entry means
     * unreadable) and groups continuation heaps into arenas by the arena pointer.
     */
    public static List<GlibcHeap> confirm(List<GlibcHeap> candidates, Map<Long, byte[]> headers) {
        List<GlibcHeap> result = new ArrayList<>();
        for (GlibcHeap h : candidates) {
            byte[] header = headers.get(h.start());
            if (header == null || header.length < HEADER_BYTES) {
                result.add(h);
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            // struct heap_info { mstate ar_ptr; heap_info *prev; size_t size; size_t mprotect_size; … }
            long arPtr = b.getLong(0);
            long prev = b.getLong(8);
            long size = b.getLong(16);
            long mprotectSize = b.getLong(24);
            // the heap may grow or shrink between reading smaps and its header: sizes are checked for sanity only
            boolean sizesFit = size > 0 && Long.compareUnsigned(size, mprotectSize) <= 0
                    && Long.compareUnsigned(mprotectSize, HEAP_SIZE) <= 0;
            boolean firstHeap = prev == 0 && Long.compareUnsigned(arPtr - h.start(), 4096) < 0 && arPtr != h.start();
            boolean continuation = prev != 0 && prev % HEAP_SIZE == 0 && arPtr != 0;
            boolean ok = sizesFit && (firstHeap || continuation);
            long arenaStart = ok ? arPtr & -HEAP_SIZE : h.start();
            result.add(new GlibcHeap(h.start(), h.usableEnd(), h.reservationEnd(), h.residentBytes(), arenaStart, ok));
        }
        return result;
    }

    private static long residentShare(Mapping m, long from, long to) {
        long rss = m.rssBytes() == null ? 0 : m.rssBytes();
        if (from == m.startAddress() && to == m.endAddress()) {
            return rss;
        }
        return (long) ((double) rss * (to - from) / m.sizeBytes());
    }

    private static long alignUp(long address) {
        return (address + HEAP_SIZE - 1) & -HEAP_SIZE;
    }
}
