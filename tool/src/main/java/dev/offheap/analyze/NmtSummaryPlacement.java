package dev.offheap.analyze;

import dev.offheap.model.JvmRegion;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Snapshot;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NMT summary has sizes but no addresses: the JVM's own mmap'ed memory that no known region placed (thread stacks,
 * metaspace, GC structures…) is estimated from NMT's committed sizes, taken out of the anonymous leftover.
 * Committed is an upper bound of resident, so these rows are approximate.
 */
final class NmtSummaryPlacement {
    private NmtSummaryPlacement() {
    }

    static RssAccounting.MallocLocations place(NmtReport nmt, Snapshot s, RowBuilder rows,
                                              RssAccounting.MallocLocations where, List<String> notes) {
        Set<MemoryCategory> placed = EnumSet.of(MemoryCategory.CDS);
        for (JvmRegion r : s.jvmRegions()) {
            placed.add(r.category());
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
        long wanted = committed.values().stream().mapToLong(Long::longValue).sum();
        long take = Math.min(wanted, where.leftover());
        if (take == 0) {
            return where;
        }
        long given = 0;
        for (Map.Entry<MemoryCategory, Long> e : committed.entrySet()) {
            long v = Math.min(take - given, Math.round((double) e.getValue() * take / wanted));
            rows.addResident(e.getKey(), v, true, "NMT summary (committed size; no addresses)");
            given += v;
        }
        notes.add("NMT summary has no addresses: " + String.join(", ", committed.keySet().stream().map(MemoryCategory::text).toList())
                + " are estimated from NMT committed sizes (an upper bound); NMT detail makes them exact");
        return new RssAccounting.MallocLocations(where.mainHeap(), where.arenas(), where.leftover() - given);
    }
}
