package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DIRECT_MEMORY_LARGE: NMT's Unsafe category ("Other", JDK 8 "Internal") holds much memory while the JVM's flags are
 * unknown (an NMT output alone), so whether a direct memory limit bounds it cannot be told. With the flags,
 * {@link DirectMemoryUnlimitedRule} says it instead.
 */
public final class DirectMemoryLargeRule implements Rule {
    @Override
    public Optional<Finding> evaluate(Facts f) {
        NmtReport nmt = f.snapshot().nmt();
        if (f.snapshot().flags() != null || nmt == null || nmt.unavailable() || nmt.totals() == null) {
            return Optional.empty();
        }
        Optional<NmtCategory> unsafe = nmt.category(nmt.unsafeTag());
        long bytes = unsafe.map(NmtCategory::mallocBytes).orElse(0L);
        long heapMax = nmt.category(NmtTag.JAVA_HEAP).map(NmtCategory::reservedBytes).orElse(0L);
        // the thresholds of DirectMemoryUnlimitedRule's warning
        if (bytes < DirectMemoryUnlimitedRule.LARGE_BYTES && (heapMax == 0 || bytes < heapMax / 4)) {
            return Optional.empty();
        }
        String name = unsafe.get().rawName();
        List<String> evidence = new ArrayList<>();
        var count = unsafe.get().malloc().count();
        evidence.add("NMT '" + name + "': " + Sizes.format(bytes) + " malloc'ed"
                + (count == null || count.count() == 0 ? "" : " in " + count.count() + " blocks (" + Sizes.format(bytes / count.count())
                + " each on average)") + ": " + (nmt.unsafeTag() == NmtTag.INTERNAL
                ? "direct buffers, other Unsafe memory and the JVM's internal malloc (JDK 8), not told apart"
                : "direct buffers or other Unsafe memory, not told apart"));
        long committed = nmt.totals().committed().bytes();
        if (committed > 0) {
            evidence.add(Math.round(100.0 * bytes / committed) + "% of the memory NMT counts as committed ("
                    + Sizes.format(committed) + ")");
        }
        if (heapMax > 0) {
            evidence.add("MaxDirectMemorySize: unknown (NMT does not print flags); when unset, direct buffers may take up to the"
                    + " heap maximum, " + Sizes.format(heapMax) + " (NMT 'Java Heap' reserved), on top of the heap"
                    + (bytes > heapMax ? "; this is more than that: the limit is set higher, or part of it is Unsafe memory"
                    + " that no limit bounds" : ""));
        }
        if (nmt.kind().isDiff()) {
            long delta = unsafe.get().malloc().bytes().delta();
            evidence.add("since the baseline: " + (delta >= 0 ? "+" : "-") + Sizes.format(Math.abs(delta)));
        }
        return Optional.of(new Finding(FindingId.DIRECT_MEMORY_LARGE, Severity.WARNING,
                "Direct buffers or Unsafe memory hold " + Sizes.format(bytes),
                "NMT counts memory from ByteBuffer.allocateDirect and Unsafe.allocateMemory in '" + name + "'. How much of it"
                        + " are direct buffers, whether a limit bounds them, and whether it grows, this output alone cannot"
                        + " tell.",
                evidence,
                "Give the JVM's flags with this file ('jcmd PID VM.flags -all') to see whether -XX:MaxDirectMemorySize"
                        + " bounds it; on the live JVM, 'offheap report PID' tells direct buffers from other Unsafe memory"
                        + " (buffer pools) and 'offheap watch PID' whether it grows. Set -XX:MaxDirectMemorySize to what"
                        + " the application needs, so that a leak fails fast instead of growing RSS.",
                null));
    }
}
