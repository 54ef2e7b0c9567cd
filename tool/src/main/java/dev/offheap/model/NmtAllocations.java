package dev.offheap.model;

import java.util.OptionalLong;

/**
 * malloc or arena use of a category or call site: "(malloc=2538KB #52635) (peak=2541KB #52640)".
 * {@code count} is null where the JDK prints none (Arena Chunk malloc). Peaks are printed from JDK 17.0.x/20 on;
 * "(at peak)" gives a peak equal to the current value.
 */
public record NmtAllocations(NmtAmount bytes, NmtCount count, OptionalLong peakBytes, OptionalLong peakCount) {
}
