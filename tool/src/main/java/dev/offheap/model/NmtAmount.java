package dev.offheap.model;

import java.util.OptionalLong;

/**
 * A byte amount of an NMT report, converted from the report's scale. In a diff report {@code deltaBytes} is the
 * change against the baseline (empty when the JDK printed no change, i.e. zero at that scale); otherwise empty.
 */
public record NmtAmount(long bytes, OptionalLong deltaBytes) {
    public static NmtAmount of(long bytes) {
        return new NmtAmount(bytes, OptionalLong.empty());
    }

    /** The change against the baseline, 0 when none was printed. */
    public long delta() {
        return deltaBytes.orElse(0);
    }
}
