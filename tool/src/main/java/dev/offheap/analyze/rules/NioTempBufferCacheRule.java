package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * NIO_TEMP_BUFFER_CACHE: I/O through heap ByteBuffers makes NIO copy via a temporary direct buffer that each thread
 * caches (sun.nio.ch.Util$BufferCache) at the largest size it ever used. Seen as direct buffers growing with the
 * number of threads, large on average, and (with --histogram) one BufferCache per thread.
 */
public final class NioTempBufferCacheRule implements GrowthRule {
    private static final long LARGE_BUFFER_BYTES = 64 * 1024;

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.DIRECT_BUFFERS);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        if (!g.known(Sample::directBytes) || !g.known(Sample::directCount)) {
            return Optional.empty();
        }
        Trend bytes = g.directBytes();
        Optional<Severity> severity = g.severity(bytes, Growth.MIN_GROWTH_BYTES, g.directLimit());
        Trend threads = g.liveThreads();
        double newThreads = threads.growth();
        boolean inPool = severity.isPresent();
        String outsidePool = null;
        if (!inPool && g.known(s -> s.nmt(NmtTag.OTHER))) {
            // seen on JDK 25: the temporary buffers are not counted in the direct pool, only in NMT Other
            bytes = g.series("unsafeBeyondDirect", s -> s.nmt(NmtTag.OTHER) == null ? null
                    : s.nmt(NmtTag.OTHER) - (s.directBytes() == null ? 0 : s.directBytes()));
            severity = g.severity(bytes, Growth.MIN_GROWTH_BYTES, OptionalLong.empty());
            outsidePool = "NMT Other beyond the direct pool (this JDK does not count temporary buffers in the pool) ";
        } else if (!inPool && g.nmtOff() && g.known(s -> s.residentBytes().get(MemoryCategory.THREAD_STACKS.text()))) {
            // the same JDKs with NMT off: the temporary buffers are plain malloc, seen only as native growth; only
            // where thread stacks are a row of their own (a memory map), else each new thread's stack grows it too
            bytes = g.unclaimedMalloc();
            severity = g.severity(bytes, Growth.MIN_GROWTH_BYTES, OptionalLong.empty());
            outsidePool = "malloc'ed memory outside the direct pool (this JDK does not count temporary buffers in the pool;"
                    + " with NMT off they are told from other malloc only by growing with the threads) ";
        }
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        double newBuffers = inPool ? g.directCount().growth() : newThreads;
        long caches = g.lastClassStats().map(ClassStats::nioBufferCaches).orElse(0L);
        boolean withThreads = newThreads >= 4 && newBuffers > 0 && newBuffers <= 2 * newThreads + 2;
        boolean perThreadCaches = caches >= 8;
        double averageNew = newBuffers > 0 ? bytes.growth() / newBuffers : 0;
        if (!(withThreads || perThreadCaches) || averageNew < LARGE_BUFFER_BYTES) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add((inPool ? "direct buffer pool used " : outsidePool) + Growth.describeBytes(bytes));
        evidence.add(Math.round(newBuffers) + (inPool ? "" : " (one per new thread)") + " new direct buffers of " + Sizes.format(Math.round(averageNew))
                + " on average while live threads went " + Growth.describeCount(threads));
        if (caches > 0) {
            evidence.add(caches + " instances of sun.nio.ch.Util$BufferCache (one per thread that did I/O with heap buffers)");
        }
        String limit = g.recording().systemProperty("jdk.nio.maxCachedBufferSize");
        evidence.add(limit == null ? "-Djdk.nio.maxCachedBufferSize is not set: every size is cached"
                : "-Djdk.nio.maxCachedBufferSize=" + limit + " is set");
        return Optional.of(new Finding("NIO_TEMP_BUFFER_CACHE", severity.get(),
                "Threads doing I/O with heap ByteBuffers each cache a large temporary direct buffer",
                "Channel reads and writes with a heap ByteBuffer copy through a temporary direct buffer as large as the"
                        + " request. NIO keeps it in a per-thread cache for reuse, so every long-lived thread that once did"
                        + " a large I/O holds a direct buffer of that size until it ends.",
                evidence, remedy(g, limit), new Culprit(null, "sun.nio.ch.Util.getTemporaryDirectBuffer",
                        "sun.nio.ch.Util$BufferCache", null)));
    }

    private static String remedy(Growth g, String limit) {
        boolean supported = g.major() > 8 || g.version() == null || g.version().atLeast(8, 102);
        String property = supported
                ? "Limit the size NIO caches: -Djdk.nio.maxCachedBufferSize=262144 (larger temporary buffers are then freed"
                        + " after each use)" + (limit != null ? "; the current value " + limit + " is too high" : "") + "."
                : "JDK " + g.version().text() + " cannot limit the cache: -Djdk.nio.maxCachedBufferSize exists from 8u102;"
                        + " upgrade.";
        return property + " Do large I/O from fewer, pooled threads, or read into your own direct ByteBuffer allocated"
                + " once per thread and reused (then no temporary copy is made), or in smaller chunks.";
    }
}
