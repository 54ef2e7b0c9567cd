package dev.offheap.analyze;

import dev.offheap.model.JvmRegion;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Snapshot;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * NMT summary has sizes but no addresses: the JVM's own mmap'ed memory that no known region placed (thread stacks,
 * metaspace, GC structures…) can only be estimated from NMT's committed sizes. Committed is an upper bound of
 * resident, so what is taken for these rows is approximate.
 */
final class NmtSummaryPlacement {
    private NmtSummaryPlacement() {
    }

    /** Committed bytes per row of the JVM's mmap'ed memory that no known address range placed. */
    static Map<MemoryCategory, Long> unplaced(NmtReport nmt, Snapshot s) {
        Set<MemoryCategory> placed = EnumSet.of(MemoryCategory.CDS);
        for (JvmRegion r : s.jvmRegions()) {
            placed.add(r.category());
        }
        ReservationLocator.locate(s).forEach(r -> placed.add(r.category()));
        // stacks of blocked threads were placed by their stack pointers (those running at the time are missed)
        if (s.threads().stream().anyMatch(t -> t.stackPointer() != null)) {
            placed.add(MemoryCategory.THREAD_STACKS);
        }
        Map<MemoryCategory, Long> committed = new EnumMap<>(MemoryCategory.class);
        for (NmtCategory c : nmt.categories()) {
            MemoryCategory row;
            long bytes;
            if (c.tag() == NmtTag.THREAD && c.threads() != null && c.threads().stackCommitted() != null) {
                row = MemoryCategory.THREAD_STACKS;
                bytes = c.threads().stackCommitted().bytes();
            } else {
                row = CategoryMapper.forCategory(c.tag(), nmt.format());
                bytes = c.mmap() == null ? 0 : c.mmap().committed().bytes();
            }
            if (bytes > 0 && !placed.contains(row)) {
                committed.merge(row, bytes, Long::sum);
            }
        }
        return committed;
    }
}
