package dev.offheap.model;

import java.util.List;

/**
 * "[0x00000000fc000000 - 0x00000000ffe00000] committed 63488KB from" and its frames, inside a reserved region.
 * {@code rawCategory}/{@code tag} are null unless the JDK prints "for &lt;category&gt;" on the line. End is exclusive.
 */
public record NmtCommittedRegion(long start, long end, String rawCategory, NmtTag tag, List<String> frames) {
    public NmtCommittedRegion {
        frames = List.copyOf(frames);
    }

    public long sizeBytes() {
        return end - start;
    }
}
