package dev.offheap.model;

import java.util.OptionalLong;

/** A count of an NMT report ("#123"): allocations, classes, threads. {@code delta} as for {@link NmtAmount}. */
public record NmtCount(long count, OptionalLong delta) {
    public static NmtCount of(long count) {
        return new NmtCount(count, OptionalLong.empty());
    }
}
