package dev.offheap.model;

import java.util.OptionalLong;

/**
 * "Total: reserved=..., committed=..." and, where printed (JDK 17+ summary, JDK 25 diff), the split lines
 * "malloc: 20649KB #65619, peak=..." and "mmap: reserved=..., committed=...". Absent parts are null / empty.
 */
public record NmtTotals(
        NmtAmount reserved,
        NmtAmount committed,
        NmtAmount mallocBytes,
        NmtCount mallocCount,
        OptionalLong mallocPeakBytes,
        OptionalLong mallocPeakCount,
        NmtAmount mmapReserved,
        NmtAmount mmapCommitted) {
}
