package dev.offheap.model.heap;

import java.util.List;

/**
 * The direct-buffer view: all direct buffers ({@code count} = {@code owning} + {@code views} + {@code noCleaner}:
 * buffers over memory they do not free themselves, e.g. from JNI); the native memory the owning ones hold; which of them are reachable and which wait for a GC (null when reachability was not computed);
 * the top holders of the reachable ones. Mapped buffers are counted apart, in {@link MappedBufferSummary}.
 * {@code jdkImageCapacityBytes}: of the buffers without cleaner, the JDK's own mapping of its runtime image
 * (lib/modules, read through jdk.internal.jimage; file-backed, not native memory the application holds), which is
 * left out of the holders; null when reachability was not computed (it is told by its holder).
 */
public record DirectBufferSummary(long count, long owning, long views, long noCleaner, long owningCapacityBytes,
                                  long noCleanerCapacityBytes, Long jdkImageCapacityBytes, Long reachableOwning,
                                  Long unreachableOwning, Long unreachableCapacityBytes, List<BufferHolder> holders) {
    public DirectBufferSummary {
        holders = List.copyOf(holders);
    }
}
