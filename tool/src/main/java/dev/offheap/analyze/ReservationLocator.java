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
 * NMT reports exactly ("Class ... (mmap: reserved=1048576KB, committed=192KB)"): the range of that size among the
 * anonymous mappings that has exactly the committed size mapped with access, when there is one such reservation,
 * is that category's, and its smaps Rss is the category's resident size. Without this, their pages were shared out
 * by committed size with the rest of the anonymous memory (GC structures commit far more than they touch), which
 * left metaspace and class space with almost nothing.
 */
final class ReservationLocator {
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
        Map<MemoryCategory, Long> committed = new EnumMap<>(MemoryCategory.class);
        for (NmtCategory c : nmt.categories()) {
            MemoryCategory row = CategoryMapper.forCategory(c.tag(), nmt.format());
            if ((row == MemoryCategory.CLASS_SPACE || row == MemoryCategory.METASPACE) && c.mmap() != null) {
                reserved.merge(row, c.mmap().reserved().bytes(), Long::sum);
                committed.merge(row, c.mmap().committed().bytes(), Long::sum);
            }
        }
        // JDK 8 and 11 report metaspace and class space in one "Class" category: no single size to look for
        if (!reserved.containsKey(MemoryCategory.METASPACE) || !reserved.containsKey(MemoryCategory.CLASS_SPACE)) {
            return List.of();
        }
        List<List<Mapping>> runs = anonymousRuns(s);
        List<JvmRegion> found = new ArrayList<>();
        for (Map.Entry<MemoryCategory, Long> e : reserved.entrySet()) {
            // of that size, and with as much of it mapped with access as NMT says is committed: exactly, or else the
            // nearest within a few commit granules (metaspace may commit a chunk between NMT's answer and reading smaps)
            List<long[]> match = closest(windows(runs, e.getValue()), committed.get(e.getKey()));
            // windows that differ only by unmapped (never resident) pages at their ends are the same reservation
            if (!match.isEmpty() && match.stream().allMatch(w -> w[3] == match.get(0)[3] && w[4] == match.get(0)[4])) {
                long[] r = match.stream().filter(w -> w[0] == w[3]).findFirst().orElse(match.get(0));
                found.add(new JvmRegion(r[0], r[1], e.getKey(), e.getKey().text() + " reservation", SOURCE));
            }
        }
        return found;
    }

    /** Metaspace commits in 64 KiB granules: what it may commit meanwhile, while the attach operations run. */
    private static final long SLACK = 1L << 20;

    /** The windows whose accessible bytes are nearest {@code committed}, if that is within {@link #SLACK}. */
    private static List<long[]> closest(List<long[]> windows, long committed) {
        long best = windows.stream().mapToLong(w -> Math.abs(w[2] - committed)).min().orElse(Long.MAX_VALUE);
        if (best > SLACK) {
            return List.of();
        }
        return windows.stream().filter(w -> Math.abs(w[2] - committed) == best).toList();
    }

    /**
     * The ranges of exactly {@code bytes} inside runs that begin or end where a mapping does, with their accessible
     * bytes and the span those lie in. The kernel merges a reservation's pages with equal neighbours (malloc'ed chunks, another reservation's
     * unmapped tail), so only one of its ends may show as a mapping boundary; the mapping splitter cuts the rest.
     */
    private static List<long[]> windows(List<List<Mapping>> runs, long bytes) {
        List<long[]> found = new ArrayList<>();
        for (List<Mapping> run : runs) {
            long runStart = run.get(0).startAddress();
            long runEnd = run.get(run.size() - 1).endAddress();
            if (runEnd - runStart < bytes) {
                continue;
            }
            java.util.Set<Long> starts = new java.util.TreeSet<>();
            for (Mapping m : run) {
                starts.add(m.startAddress());
                starts.add(m.endAddress() - bytes);
            }
            for (long start : starts) {
                if (start >= runStart && start + bytes <= runEnd) {
                    long[] span = accessibleSpan(run, start, start + bytes);
                    found.add(new long[] {start, start + bytes, accessible(run, start, start + bytes), span[0], span[1]});
                }
            }
        }
        return found;
    }

    /** The first and the end of the last accessible byte in [start, end), or {0, 0} when none. */
    private static long[] accessibleSpan(List<Mapping> run, long start, long end) {
        long first = 0;
        long last = 0;
        for (Mapping m : run) {
            long from = Math.max(start, m.startAddress());
            long to = Math.min(end, m.endAddress());
            if (to > from && !m.perms().startsWith("---")) {
                first = first == 0 ? from : first;
                last = to;
            }
        }
        return new long[] {first, last};
    }

    private static long accessible(List<Mapping> run, long start, long end) {
        long sum = 0;
        for (Mapping m : run) {
            long from = Math.max(start, m.startAddress());
            long to = Math.min(end, m.endAddress());
            if (to > from && !m.perms().startsWith("---")) {
                sum += to - from;
            }
        }
        return sum;
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
