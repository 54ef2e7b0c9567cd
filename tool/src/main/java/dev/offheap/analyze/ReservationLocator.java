package dev.offheap.analyze;

import dev.offheap.model.GlibcHeap;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * NMT summary gives no addresses, but the compressed class space and metaspace are each one reservation of a size
 * NMT reports exactly ("Class ... (mmap: reserved=1048576KB, committed=192KB)"): the run of adjacent anonymous
 * mappings of that size, when it is the only one, is that reservation, and its smaps Rss is the category's resident
 * size. Without this, their pages were shared out by committed size with the rest of the anonymous memory (GC
 * structures commit far more than they touch), which left metaspace and class space with almost nothing.
 */
final class ReservationLocator {
    /** JDK 16+ reserve non-class metaspace in nodes of this size ({@code Settings::virtual_space_node_default_size}). */
    private static final long METASPACE_NODE_BYTES = 64L << 20;
    private static final String SOURCE = "NMT summary reserved size matched to smaps";

    private ReservationLocator() {
    }

    /** The class space and metaspace reservations found by size, with NMT summary only (detail has addresses). */
    static List<JvmRegion> locate(Snapshot s) {
        NmtReport nmt = s.nmt();
        if (nmt == null || nmt.unavailable() || nmt.kind().isDiff() || !nmt.virtualMemoryMap().isEmpty()) {
            return List.of();
        }
        Map<MemoryCategory, Long> reserved = new EnumMap<>(MemoryCategory.class);
        for (NmtCategory c : nmt.categories()) {
            MemoryCategory row = CategoryMapper.forCategory(c.tag(), nmt.format());
            if ((row == MemoryCategory.CLASS_SPACE || row == MemoryCategory.METASPACE) && c.mmap() != null) {
                reserved.merge(row, c.mmap().reserved().bytes(), Long::sum);
            }
        }
        // JDK 8 and 11 report metaspace and class space in one "Class" category: no single size to look for
        if (!reserved.containsKey(MemoryCategory.METASPACE) || !reserved.containsKey(MemoryCategory.CLASS_SPACE)) {
            return List.of();
        }
        List<List<Mapping>> runs = anonymousRuns(s);
        List<JvmRegion> found = new ArrayList<>();
        for (Map.Entry<MemoryCategory, Long> e : reserved.entrySet()) {
            List<long[]> match = windows(runs, e.getValue());
            if (match.size() != 1 && e.getKey() == MemoryCategory.METASPACE && e.getValue() % METASPACE_NODE_BYTES == 0) {
                match = windows(runs, METASPACE_NODE_BYTES);
                match = match.size() == e.getValue() / METASPACE_NODE_BYTES ? match : List.of();
            } else if (match.size() != 1) {
                match = List.of();
            }
            for (long[] r : match) {
                found.add(new JvmRegion(r[0], r[1], e.getKey(), e.getKey().text() + " reservation", SOURCE));
            }
        }
        return found;
    }

    /**
     * The stretches of whole mappings inside runs that add up to exactly {@code bytes}: the kernel shows a
     * reservation adjacent to whatever was mapped next to it (the class space follows the CDS archive's unmapped
     * tail; malloc'ed chunks and other reservations land on either side).
     */
    private static List<long[]> windows(List<List<Mapping>> runs, long bytes) {
        List<long[]> found = new ArrayList<>();
        for (List<Mapping> run : runs) {
            int from = 0;
            long size = 0;
            for (Mapping m : run) {
                size += m.sizeBytes();
                while (size > bytes) {
                    size -= run.get(from++).sizeBytes();
                }
                if (size == bytes) {
                    found.add(new long[] {run.get(from).startAddress(), m.endAddress()});
                }
            }
        }
        return found;
    }

    /** Runs of adjacent anonymous mappings that no JVM region, glibc heap or thread stack owns. */
    private static List<List<Mapping>> anonymousRuns(Snapshot s) {
        List<long[]> owned = new ArrayList<>();
        s.jvmRegions().forEach(r -> owned.add(new long[] {r.start(), r.end()}));
        for (GlibcHeap h : s.glibcHeaps() == null ? List.<GlibcHeap>of() : s.glibcHeaps()) {
            if (h.counts()) {
                owned.add(new long[] {h.start(), h.reservationEnd()});
            }
        }
        s.threads().stream().filter(t -> t.stackPointer() != null).forEach(t -> owned.add(new long[] {t.stackPointer(), t.stackPointer() + 1}));
        List<List<Mapping>> runs = new ArrayList<>();
        List<Mapping> run = null;
        for (Mapping m : s.memoryMap().mappings()) {
            boolean free = (m.path() == null || m.path().startsWith("[anon:")) && owned.stream().noneMatch(o ->
                    Long.compareUnsigned(o[0], m.endAddress()) < 0 && Long.compareUnsigned(m.startAddress(), o[1]) < 0);
            if (!free) {
                run = null;
            } else if (run != null && run.get(run.size() - 1).endAddress() == m.startAddress()) {
                run.add(m);
            } else {
                run = new ArrayList<>(List.of(m));
                runs.add(run);
            }
        }
        return runs;
    }
}
