package dev.offheap.analyze;

import dev.offheap.model.ExplainedRss;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Sizes;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Attributes every resident byte of a JVM process to one category (DESIGN.md §4), so that the rows add up to the
 * process RSS with an explicit {@code unexplained} row. Mappings are cut by owner ({@link MappingSplitter}); the
 * malloc'ed part (glibc main heap, arenas, and anonymous memory outside the JVM's regions) is then split by what
 * NMT, the buffer pools and malloc_info say about its owners.
 */
public final class RssAccounting {
    private RssAccounting() {
    }

    public static ExplainedRss explain(Snapshot s) {
        RowBuilder rows = new RowBuilder();
        List<String> notes = new ArrayList<>();
        NmtReport nmt = usableNmt(s);
        boolean detail = nmt != null && !nmt.virtualMemoryMap().isEmpty();
        MallocLocations where = placeSegments(s, rows, detail, notes);
        MallocSplit.split(s, nmt, detail, where, rows, notes);
        if (nmt != null) {
            addNmtCommitted(nmt, rows);
        } else {
            addRegionCommitted(s, rows);
        }
        long mapped = s.memoryMap().rssBytes().orElse(0);
        boolean fromStatus = s.status() != null && s.status().vmRssBytes().isPresent();
        long rss = fromStatus ? s.status().vmRssBytes().getAsLong() : mapped;
        rows.addResident(MemoryCategory.UNEXPLAINED, rss - rows.total(), false, null);
        OptionalLong cut = s.memoryMap().cutAtByte();
        if (cut.isPresent()) {
            notes.add("the memory map was cut at byte " + cut.getAsLong() + ": " + (fromStatus
                    ? Sizes.format(Math.max(0, rss - mapped)) + " of VmRSS is in mappings after the cut, not read: it is in 'unexplained'"
                    : "the rows and the total hold only the mappings read, not the process's RSS (give /proc/PID/status for VmRSS)"));
        } else if (Math.abs(rss - mapped) > Math.max(rss / 100, 1 << 20)) {
            notes.add(String.format("VmRSS (%d bytes) and the sum of smaps Rss (%d bytes) differ: the kernel's RSS counters"
                    + " lag per thread; the difference is in 'unexplained'", rss, mapped));
        }
        ExplainedRss result = new ExplainedRss(rss, mapped, rows.build(), basis(s, nmt, detail), notes, fromStatus, cut);
        if (s.systemMap() != null) {
            List<String> disagreements = SystemMapCheck.disagreements(s.systemMap(), result);
            notes.add(disagreements.isEmpty() ? "System.map agrees within 2% on heap, code cache, class space, metaspace,"
                    + " thread stacks and CDS" : String.join("; ", disagreements));
            result = result.withNotes(notes);
        }
        return result;
    }

    private static NmtReport usableNmt(Snapshot s) {
        NmtReport nmt = s.nmt();
        return nmt == null || nmt.unavailable() || nmt.kind().isDiff() ? null : nmt;
    }

    private static MallocLocations placeSegments(Snapshot s, RowBuilder rows, boolean detail, List<String> notes) {
        long main = 0;
        long arenas = 0;
        long leftover = 0;
        boolean approximate = false;
        TreeMap<Long, String> threads = MappingSplitter.threadsByStackPointer(s);
        for (Segment seg : MappingSplitter.split(s)) {
            approximate |= seg.approximate() && seg.residentBytes() > 0;
            switch (seg.kind()) {
                case MALLOC_MAIN -> main += seg.residentBytes();
                case MALLOC_ARENA -> arenas += seg.residentBytes();
                case LEFTOVER -> leftover += seg.residentBytes();
                case FINAL -> {
                    rows.addResident(seg.category(), seg.residentBytes(), seg.approximate(), source(seg, detail));
                    if (seg.category() == MemoryCategory.LIBRARIES || seg.category() == MemoryCategory.MAPPED_FILES
                            || seg.category() == MemoryCategory.CDS) {
                        rows.addPart(seg.category(), seg.label(), seg.residentBytes());
                    } else if (seg.category() == MemoryCategory.THREAD_STACKS && !threads.isEmpty()) {
                        String thread = MappingSplitter.threadIn(threads, seg.start(), seg.end());
                        rows.addPart(seg.category(), thread != null ? thread : "threads that were running (no stack pointer)",
                                seg.residentBytes());
                    }
                }
            }
        }
        if (approximate) {
            notes.add("some mappings hold several owners and were split by size share (approximate);"
                    + " reading /proc/PID/pagemap makes the split exact");
        }
        return new MallocLocations(main, arenas, leftover);
    }

    private static String source(Segment seg, boolean detail) {
        if (seg.category() == MemoryCategory.THREAD_STACKS && !detail) {
            return "smaps + stack pointers of blocked threads";
        }
        return detail ? "NMT detail + smaps" : "smaps";
    }

    /** JVM committed/reserved per row from NMT's per-category figures. */
    static void addNmtCommitted(NmtReport nmt, RowBuilder rows) {
        boolean separateMetaspace = nmt.category(NmtTag.METASPACE).isPresent();
        for (NmtCategory c : nmt.categories()) {
            long mmapCommitted = c.mmap() == null ? 0 : c.mmap().committed().bytes();
            long mmapReserved = c.mmap() == null ? 0 : c.mmap().reserved().bytes();
            if (c.tag() == NmtTag.CLASS && !separateMetaspace && c.metadata() != null && c.classSpace() != null) {
                rows.addCommitted(MemoryCategory.METASPACE, c.metadata().committed().bytes(), c.metadata().reserved().bytes());
                rows.addCommitted(MemoryCategory.CLASS_SPACE, c.classSpace().committed().bytes(), c.classSpace().reserved().bytes());
            } else if (c.tag() == NmtTag.THREAD && c.threads() != null && c.threads().stackCommitted() != null) {
                rows.addCommitted(MemoryCategory.THREAD_STACKS, c.threads().stackCommitted().bytes(), c.threads().stackReserved().bytes());
            } else if (mmapReserved > 0) {
                rows.addCommitted(CategoryMapper.forCategory(c.tag(), nmt.format()), mmapCommitted, mmapReserved);
            }
            if (c.tag() != nmt.unsafeTag()) {
                long malloc = c.mallocBytes() + c.arenaBytes();
                if (malloc > 0) {
                    rows.addCommitted(CategoryMapper.forMalloc(c.tag()), malloc, malloc);
                }
            }
        }
    }

    /** Without NMT: reserved is the size of each JVM region, committed the part mapped with access. */
    private static void addRegionCommitted(Snapshot s, RowBuilder rows) {
        for (JvmRegion r : s.jvmRegions()) {
            rows.addCommitted(r.category(), accessibleBytes(s, r.start(), r.end()), r.sizeBytes());
        }
        for (GlibcHeap h : s.glibcHeaps() == null ? List.<GlibcHeap>of() : s.glibcHeaps()) {
            if (h.counts()) {
                rows.addCommitted(MemoryCategory.MALLOC_ARENAS, h.usableBytes(), h.reservationEnd() - h.start());
            }
        }
    }

    private static long accessibleBytes(Snapshot s, long start, long end) {
        long sum = 0;
        for (var m : s.memoryMap().mappings()) {
            if (Long.compareUnsigned(m.endAddress(), start) > 0 && Long.compareUnsigned(m.startAddress(), end) < 0
                    && !m.perms().startsWith("---")) {
                long from = Long.compareUnsigned(m.startAddress(), start) > 0 ? m.startAddress() : start;
                long to = Long.compareUnsigned(m.endAddress(), end) < 0 ? m.endAddress() : end;
                sum += to - from;
            }
        }
        return sum;
    }

    private static String basis(Snapshot s, NmtReport nmt, boolean detail) {
        String base = nmt != null ? (detail ? "NMT detail intersected with smaps" : "NMT summary and smaps")
                : (s.jvmRegions().isEmpty() ? "smaps" : "smaps and the JVM's own region reports") + withoutNmt(s.nmtMode());
        if (!s.residency().isEmpty()) {
            base += " + pagemap";
        }
        if (s.bufferPools() != null) {
            base += " + buffer pools (" + s.bufferPools().source() + ")";
        }
        if (s.mallocInfo() != null) {
            base += " + malloc_info";
        }
        return base;
    }

    /** Why there are no NMT figures: " (NMT off)", or no NMT output among saved files. */
    private static String withoutNmt(String mode) {
        if ("off".equals(mode)) {
            return " (NMT off)";
        }
        return mode == null ? " (no NMT output; whether NMT is on is unknown)" : " (NMT " + mode + ", but no NMT output was given)";
    }

    /** Resident bytes of the malloc'ed part, by where it sits. */
    record MallocLocations(long mainHeap, long arenas, long leftover) {
        long total() {
            return mainHeap + arenas + leftover;
        }
    }

    /** Bytes used by direct buffers per the direct buffer pool, where it was read. */
    static OptionalLong directUsed(Snapshot s) {
        if (s.bufferPools() == null) {
            return OptionalLong.empty();
        }
        return s.bufferPools().direct().map(p -> OptionalLong.of(p.usedBytes())).orElse(OptionalLong.empty());
    }
}
