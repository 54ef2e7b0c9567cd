package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * UNSAFE_MEMORY_GROWTH: NMT's category for Unsafe.allocateMemory ("Other" on JDK 9+, "Internal" on JDK 8) grows
 * beyond what the direct buffer pool explains: a framework allocates with Unsafe directly (Netty's cleaner-less
 * buffers, off-heap caches) and does not free.
 */
public final class UnsafeMemoryGrowthRule implements GrowthRule {
    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.UNSAFE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        NmtTag tag = g.major() == 8 ? NmtTag.INTERNAL : NmtTag.OTHER;
        if (!g.known(s -> s.nmt(tag))) {
            return Optional.empty();
        }
        boolean pools = g.known(Sample::directBytes);
        Trend beyond = g.series("unsafeBeyondDirect", s -> s.nmt(tag) == null ? null
                : s.nmt(tag) - (s.directBytes() == null ? 0 : s.directBytes()));
        Optional<Severity> severity = g.severity(beyond, Growth.MIN_GROWTH_BYTES, OptionalLong.empty());
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("NMT " + tag.text() + " " + Growth.describeBytes(g.nmt(tag)));
        if (pools) {
            evidence.add("the direct buffer pool explains only " + Growth.describeBytes(g.directBytes()));
        } else {
            evidence.add("the buffer pools were not read: part of this may be direct buffers");
        }
        evidence.add("beyond direct buffers: " + Growth.describeBytes(beyond));
        return Optional.of(new Finding("UNSAFE_MEMORY_GROWTH", severity.get(),
                "Memory allocated with Unsafe.allocateMemory grows outside the direct buffer pool",
                "NMT counts Unsafe.allocateMemory under '" + tag.text() + "'. Direct ByteBuffers account for only part of"
                        + " it; the rest comes from code calling Unsafe (or a JNI library through the JVM) without freeing:"
                        + " frameworks with their own off-heap allocators (Netty's no-cleaner direct buffers, off-heap"
                        + " caches, Chronicle, Lucene/Ehcache off-heap stores) or application code.",
                evidence,
                "Find the caller: 'offheap profile " + g.recording().pid() + "' (the growth profile) names the Java caller"
                        + " of the memory that grows RSS" + (g.recording().nmtMode() != null && g.recording().nmtMode().equals("detail")
                        ? ", and 'jcmd " + g.recording().pid() + " VM.native_memory detail' lists the call sites under "
                        + tag.text() : "") + ". For Netty, limit it with -Dio.netty.maxDirectMemory and check that ByteBufs"
                        + " are released (-Dio.netty.leakDetection.level=paranoid in a test run).",
                null));
    }
}
