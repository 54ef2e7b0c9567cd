package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.LimitUse;
import dev.offheap.analyze.Rule;
import dev.offheap.model.BufferPool;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * DIRECT_MEMORY_EXHAUSTED: the direct buffer pool is at its limit (MaxDirectMemorySize, the heap maximum when unset)
 * or nearly so. A state: it holds while the pool stays there, whether it still grows, has stopped, or the
 * application fails to allocate ("OutOfMemoryError: Cannot reserve … bytes of direct buffer memory"). Judged on a
 * snapshot's buffer pools ({@code report}, each sample of {@code export}) and on a watch's last sample alike.
 */
public final class DirectMemoryExhaustedRule implements Rule, GrowthRule {
    @Override
    public Optional<Finding> evaluate(Facts f) {
        if (f.snapshot().bufferPools() == null || f.snapshot().flags() == null) {
            return Optional.empty();
        }
        Optional<BufferPool> direct = f.snapshot().bufferPools().direct();
        return direct.flatMap(p -> judge(f.snapshot().pid(), p.usedBytes(), p.count(), f.snapshot().flags()));
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        List<Sample> samples = g.recording().samples();
        for (int i = samples.size() - 1; i >= 0; i--) {
            Sample s = samples.get(i);
            if (s.directBytes() != null) {
                return judge(g.recording().pid(), s.directBytes(), s.directCount() == null ? -1 : s.directCount(), g.flags());
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> judge(long pid, long usedBytes, long count, JvmFlags flags) {
        OptionalLong limit = Growth.directLimit(flags);
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        long max = limit.getAsLong();
        Optional<Severity> severity = LimitUse.severity(usedBytes, max);
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        boolean set = flags.longValue("MaxDirectMemorySize").orElse(0) > 0;
        String limitName = set ? "MaxDirectMemorySize" : "the direct memory limit (MaxDirectMemorySize unset: the heap maximum)";
        boolean reached = severity.get() == Severity.CRITICAL;
        List<String> evidence = new ArrayList<>();
        evidence.add("direct buffer pool " + LimitUse.describe(usedBytes, max) + " of " + limitName
                + (count >= 0 ? ", " + count + " buffers" : ""));
        evidence.add("an allocation that would pass the limit fails: ByteBuffer.allocateDirect throws 'OutOfMemoryError:"
                + " Cannot reserve … bytes of direct buffer memory' after one System.gc() to free unreachable buffers");
        flags.bool("DisableExplicitGC").filter(b -> b).ifPresent(b -> evidence.add("-XX:+DisableExplicitGC: that"
                + " System.gc() does nothing, so unreachable buffers are not freed before the error"));
        return Optional.of(new Finding(FindingId.DIRECT_MEMORY_EXHAUSTED, severity.get(),
                reached ? "Direct memory is exhausted: " + limitName + " is reached" : "Direct memory is nearly exhausted",
                "Direct ByteBuffers hold " + Math.round(100.0 * usedBytes / max) + "% of the memory they may use. New direct"
                        + " buffers (NIO channels, Netty, gRPC, database drivers) then fail with an OutOfMemoryError although"
                        + " the heap has room. This holds while the pool stays there, whether it still grows or not.",
                evidence,
                "Find what holds the buffers: 'offheap heap --dump " + pid + "' tells buffers held (with the paths that hold"
                        + " them) from those only waiting for a GC. If the application needs that much, raise"
                        + " -XX:MaxDirectMemorySize; if buffers are only waiting for a GC, make sure System.gc() is not"
                        + " disabled (-XX:+ExplicitGCInvokesConcurrent rather than -XX:+DisableExplicitGC).",
                Culprit.ofClass("java.nio.DirectByteBuffer")));
    }
}
