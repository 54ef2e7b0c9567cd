package dev.offheap.model;

import java.util.List;

/**
 * A malloc call site of a detail report: its frames (as printed, e.g. "[0x00007f...] os::malloc(...)+0x2f") and
 * "(malloc=2048KB type=GC #2) (at peak)" ("tag=" from JDK 23). {@code malloc} carries the delta in a detail.diff.
 */
public record NmtMallocSite(List<String> frames, NmtAllocations malloc, String rawCategory, NmtTag tag) {
    public NmtMallocSite {
        frames = List.copyOf(frames);
    }

    public long bytes() {
        return malloc.bytes().bytes();
    }
}
