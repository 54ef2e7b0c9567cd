package dev.offheap.model.heap;

import java.util.List;

/**
 * The direct-buffer view: all direct buffers ({@code count} = {@code owning} + {@code views} + {@code noCleaner}:
 * buffers over memory they do not free themselves, e.g. from JNI); the native memory the owning ones hold; which of them are reachable and which wait for a GC (null when reachability was not computed);
 * the top holders of the reachable ones. Mapped buffers are counted apart, in {@link MappedBufferSummary}.
 */
public record DirectBufferSummary(long count, long owning, long views, long noCleaner, long owningCapacityBytes,
                                  long noCleanerCapacityBytes, Long reachableOwning,
                                  Long unreachableOwning, Long unreachableCapacityBytes, List<BufferHolder> holders) {
    public DirectBufferSummary {
        holders = List.copyOf(holders);
    }
}
