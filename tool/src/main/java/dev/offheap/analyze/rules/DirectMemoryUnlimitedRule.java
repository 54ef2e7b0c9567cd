package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.BufferPool;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DIRECT_MEMORY_UNLIMITED: -XX:MaxDirectMemorySize is not set, so direct buffers may grow as large as the heap
 * maximum on top of it. A warning when direct buffers already hold much memory, else information.
 */
public final class DirectMemoryUnlimitedRule implements Rule {
    static final long LARGE_BYTES = 128L << 20;

    @Override
    public Optional<Finding> evaluate(Facts f) {
        JvmFlags flags = f.snapshot().flags();
        if (flags == null || flags.longValue("MaxDirectMemorySize").orElse(-1) != 0) {
            return Optional.empty();
        }
        long heapMax = flags.longValue("MaxHeapSize").orElse(0);
        List<String> evidence = new ArrayList<>();
        evidence.add("MaxDirectMemorySize=0 (not set): direct buffers may use up to the heap maximum, "
                + Sizes.format(heapMax) + ", outside the heap");
        Optional<BufferPool> direct = f.snapshot().bufferPools() == null ? Optional.empty() : f.snapshot().bufferPools().direct();
        long used = direct.map(BufferPool::usedBytes).orElse(0L);
        direct.ifPresent(p -> evidence.add("direct buffers now: " + p.count() + " buffers, " + Sizes.format(p.usedBytes())
                + " used (" + f.snapshot().bufferPools().source() + ")"));
        // without the buffer pools, NMT's Unsafe category bounds the direct buffers from above
        NmtReport nmt = f.snapshot().nmt();
        Optional<NmtCategory> unsafe = direct.isPresent() || nmt == null || nmt.unavailable() ? Optional.empty()
                : nmt.category(nmt.unsafeTag()).filter(c -> c.mallocBytes() > 0);
        if (unsafe.isPresent()) {
            used = unsafe.get().mallocBytes();
            evidence.add("direct buffers or other Unsafe memory now: " + Sizes.format(used) + " (NMT '" + unsafe.get().rawName()
                    + "', which does not tell them apart)");
        }
        boolean large = used >= LARGE_BYTES || (heapMax > 0 && used >= heapMax / 4);
        long suggested = Math.max(64L << 20, roundUpToPowerOfTwo(Math.max(used * 2, 1)));
        return Optional.of(new Finding(FindingId.DIRECT_MEMORY_UNLIMITED, large ? Severity.WARNING : Severity.INFO,
                FindingId.DIRECT_MEMORY_UNLIMITED.title(),
                "Direct ByteBuffers live outside the heap; without -XX:MaxDirectMemorySize their limit defaults to the heap"
                        + " maximum, so the process may need up to twice -Xmx before any OutOfMemoryError, and a container"
                        + " may kill it first.",
                evidence,
                "Set -XX:MaxDirectMemorySize to what the application really needs ("
                        + (direct.isEmpty() ? "'offheap watch " + pidOrPlaceholder(f) + "' shows the direct buffers in use"
                        : "e.g. -XX:MaxDirectMemorySize=" + (suggested >> 20) + "m, "
                        + (used > 0 ? "twice the current use" : "though none is in use now"))
                        + "), so a leak fails fast with 'OutOfMemoryError: Cannot reserve direct buffer memory' instead of"
                        + " growing RSS.",
                null));
    }

    private static String pidOrPlaceholder(Facts f) {
        return f.snapshot().knownPid().isPresent() ? Long.toString(f.snapshot().knownPid().getAsLong()) : "PID";
    }

    private static long roundUpToPowerOfTwo(long v) {
        long p = Long.highestOneBit(v);
        return p == v ? v : p << 1;
    }
}
