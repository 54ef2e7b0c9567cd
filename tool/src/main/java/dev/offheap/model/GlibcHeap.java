package dev.offheap.model;

/**
 * One glibc malloc heap of a non-main arena: a 64 MiB-aligned reservation whose first {@code usableEnd - start}
 * bytes are read/write (the rest {@code ---p}). {@code arenaStart} groups continuation heaps into their arena
 * (the address of the arena's first heap) where the heap_info header could be read, else it equals {@code start}.
 * {@code confirmed} is true when the header was read and matched, false when it was read and did not match, null
 * when it could not be read (offline input, or /proc/PID/mem not permitted).
 */
public record GlibcHeap(long start, long usableEnd, long reservationEnd, long residentBytes, long arenaStart,
                        Boolean confirmed) {
    /**
     * Whether to count it as an arena heap: confirmed by its header, or unconfirmed but with the {@code ---p} tail
     * that only a partly used glibc heap has (a fully used one is just a 64 MiB-aligned block without its header).
     */
    public boolean counts() {
        return Boolean.TRUE.equals(confirmed) || (confirmed == null && usableEnd != reservationEnd);
    }

    public long usableBytes() {
        return usableEnd - start;
    }
}
