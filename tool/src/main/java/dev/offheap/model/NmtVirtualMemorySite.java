package dev.offheap.model;

import java.util.List;

/**
 * A virtual memory allocation site of a detail report: frames and "(reserved=48KB, committed=20KB Type=Code)"
 * ("(mmap: reserved=..., committed=... Type=Code)" in detail.diff). Category null when not printed.
 */
public record NmtVirtualMemorySite(List<String> frames, NmtAmount reserved, NmtAmount committed, String rawCategory,
        NmtTag tag) {
    public NmtVirtualMemorySite {
        frames = List.copyOf(frames);
    }
}
