package dev.offheap.model;

import java.util.List;

/**
 * One entry of the detail "Virtual memory map:": "[0x... - 0x...] reserved 65536KB for Metaspace from", its
 * frames, and its committed sub-regions. {@code allCommitted} for "reserved and committed" (the JDK then omits a
 * single committed sub-region that spans the whole range with the same stack). End is exclusive.
 */
public record NmtReservedRegion(long start, long end, String rawCategory, NmtTag tag, boolean allCommitted,
        List<String> frames, List<NmtCommittedRegion> committed) {
    public NmtReservedRegion {
        frames = List.copyOf(frames);
        committed = List.copyOf(committed);
    }

    public long sizeBytes() {
        return end - start;
    }

    /** Committed bytes: the whole range when all committed, else the sum of the printed sub-regions. */
    public long committedBytes() {
        if (allCommitted && committed.isEmpty()) {
            return sizeBytes();
        }
        long sum = 0;
        for (NmtCommittedRegion c : committed) {
            sum += c.sizeBytes();
        }
        return sum;
    }
}
