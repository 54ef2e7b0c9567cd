package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Severity;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * HOTSPOT_INTERNAL_GROWTH: one of the JVM's own NMT categories (GC, compiler, symbols, internal, arena chunks,
 * synchronization, …) grows steadily beyond what heap and class growth explain. GC data that grows with the
 * committed heap is not counted.
 */
public final class HotspotInternalGrowthRule implements GrowthRule {
    private static final long MIN_GROWTH_BYTES = 16L << 20;
    private static final List<NmtTag> TAGS = List.of(NmtTag.GC, NmtTag.COMPILER, NmtTag.SYMBOL, NmtTag.INTERNAL,
            NmtTag.ARENA_CHUNK, NmtTag.SYNCHRONIZER, NmtTag.OBJECT_MONITORS, NmtTag.MODULE, NmtTag.SERVICEABILITY,
            NmtTag.LOGGING, NmtTag.ARGUMENTS, NmtTag.STATISTICS, NmtTag.TRACING, NmtTag.GC_CARD_SET);

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.GC, MemoryCategory.COMPILER, MemoryCategory.SYMBOLS, MemoryCategory.JVM_INTERNAL,
                MemoryCategory.JVM_OTHER);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        Trend heap = g.committed(MemoryCategory.JAVA_HEAP);
        NmtTag worst = null;
        Trend worstTrend = null;
        for (NmtTag tag : TAGS) {
            if (tag == NmtTag.INTERNAL && g.major() == 8 || !g.known(s -> s.nmt(tag))) {
                continue; // JDK 8's Internal holds direct buffers and Unsafe: other rules judge it
            }
            boolean gcWithHeap = (tag == NmtTag.GC || tag == NmtTag.GC_CARD_SET) && heap.growth() > 0;
            Trend t = g.nmt(tag);
            if (!gcWithHeap && g.severity(t, MIN_GROWTH_BYTES, OptionalLong.empty()).isPresent()
                    && (worstTrend == null || t.growth() > worstTrend.growth())) {
                worst = tag;
                worstTrend = t;
            }
        }
        if (worst == null) {
            return Optional.empty();
        }
        return Optional.of(new Finding(FindingId.HOTSPOT_INTERNAL_GROWTH, Severity.WARNING,
                "The JVM's own '" + worst.text() + "' memory grows",
                "NMT category '" + worst.text() + "' is memory the JVM allocates for itself. Steady growth there is rare"
                        + " and usually tied to the workload (symbols from ever new class or method names, compiler arenas"
                        + " from huge methods, monitors from many locked objects) or to a JVM bug fixed in a later update.",
                List.of("NMT " + worst.text() + " committed " + Growth.describeBytes(worstTrend)),
                "Compare two NMT detail reports to find the call site: start with -XX:NativeMemoryTracking=detail, then jcmd "
                        + g.recording().pid() + " VM.native_memory baseline and, later, VM.native_memory detail.diff."
                        + (g.version() != null ? " Check the release notes of updates after " + g.version().text()
                        + " for fixes in this area." : ""),
                null));
    }
}
