package dev.offheap.model;

import java.util.OptionalLong;

/**
 * How many pages of an address range are in RAM or in swap, from {@code /proc/PID/pagemap} (one 64-bit entry per
 * page: bit 63 present, bit 62 swapped). {@code refusal} says why the kernel did not tell (then counts are empty).
 * {@code pfnsVisible} is false when the page frame numbers read as zero (no CAP_SYS_ADMIN, Linux 4.2+); the
 * present and swapped bits are still right then.
 */
public record PageResidency(
        long startAddress,
        long endAddress,
        long pageSizeBytes,
        OptionalLong presentPages,
        OptionalLong swappedPages,
        boolean pfnsVisible,
        String refusal) {

    public static PageResidency refused(long start, long end, long pageSize, String why) {
        return new PageResidency(start, end, pageSize, OptionalLong.empty(), OptionalLong.empty(), false, why);
    }

    public boolean permitted() {
        return refusal == null;
    }

    public long pageCount() {
        return (endAddress - startAddress) / pageSizeBytes;
    }

    public OptionalLong residentBytes() {
        return presentPages.isPresent() ? OptionalLong.of(presentPages.getAsLong() * pageSizeBytes) : OptionalLong.empty();
    }

    public OptionalLong swappedBytes() {
        return swappedPages.isPresent() ? OptionalLong.of(swappedPages.getAsLong() * pageSizeBytes) : OptionalLong.empty();
    }
}
