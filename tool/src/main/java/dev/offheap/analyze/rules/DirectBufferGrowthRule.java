package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DIRECT_BUFFER_GROWTH: the NIO direct buffer pool (BufferPoolMXBean "direct") grows steadily: buffers are kept
 * reachable, or freed only when a GC finds them unreachable.
 */
public final class DirectBufferGrowthRule implements GrowthRule {
    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.DIRECT_BUFFERS);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        if (!g.known(Sample::directBytes)) {
            return Optional.empty();
        }
        Trend bytes = g.directBytes();
        Optional<Severity> severity = g.severity(bytes, Growth.MIN_GROWTH_BYTES, g.directLimit());
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        long maxDirect = g.flags().longValue("MaxDirectMemorySize").orElse(0);
        List<String> evidence = new ArrayList<>();
        evidence.add("direct buffer pool used " + Growth.describeBytes(bytes));
        Trend count = g.directCount();
        evidence.add("direct buffers " + Growth.describeCount(count));
        String limit = Growth.timeTo(bytes, g.directLimit(), maxDirect > 0 ? "MaxDirectMemorySize" : "the direct memory limit (= heap max)");
        if (limit != null) {
            evidence.add(limit);
        }
        String flagAdvice = maxDirect > 0 ? " -XX:MaxDirectMemorySize is set, so the leak ends in 'OutOfMemoryError: Cannot"
                + " reserve direct buffer memory'." : " Set -XX:MaxDirectMemorySize so that a leak fails fast instead of growing"
                + " RSS up to the heap maximum on top of the heap.";
        return Optional.of(new Finding(FindingId.DIRECT_BUFFER_GROWTH, severity.get(),
                "Direct buffers grow by " + Sizes.format(Math.round(bytes.slopePerSecond())) + "/s",
                "Memory of direct ByteBuffers (ByteBuffer.allocateDirect) is outside the heap and is freed only when the"
                        + " buffer object is garbage collected. A steadily growing pool means buffers stay reachable (kept in"
                        + " a collection, a cache or a pool that is never trimmed) or live in the old generation until a"
                        + " full collection.",
                evidence,
                "Find what holds the buffers: 'offheap heap --dump " + g.recording().pid() + "' tells the buffers held"
                        + " (with the paths from GC roots that hold them) from those only waiting for a GC; release or"
                        + " reuse them."
                        + flagAdvice,
                Culprit.ofClass("java.nio.DirectByteBuffer")));
    }
}
