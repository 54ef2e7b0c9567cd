package dev.offheap.analyze;

import dev.offheap.model.AddressRange;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.Mapping;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtReservedRegion;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cuts every mapping of the memory map into segments owned by one category each: by the JVM's own regions (NMT
 * detail's virtual memory map, else GC.heap_info and Compiler.codecache), glibc heaps, and otherwise by what the
 * mapping is (library, mapped file, [heap], [stack], anonymous). The kernel merges adjacent anonymous mappings, so
 * one mapping may hold several owners; their resident bytes come from pagemap where measured, else by size share.
 */
public final class MappingSplitter {
    private static final long MAX_STACK_MAPPING_MIB = 16;

    private MappingSplitter() {
    }

    /** An address range owned by one category. */
    record Owner(long start, long end, MemoryCategory category, Segment.Kind kind, String label) {
    }

    static List<Segment> split(Snapshot s) {
        List<Owner> owners = owners(s);
        Map<AddressRange, Long> measured = s.residency();
        List<Segment> segments = new ArrayList<>();
        List<Mapping> mappings = s.memoryMap().mappings();
        Set<String> codeFiles = codeFiles(mappings);
        int o = 0;
        for (Mapping m : mappings) {
            while (o < owners.size() && Long.compareUnsigned(owners.get(o).end(), m.startAddress()) <= 0) {
                o++;
            }
            List<long[]> cuts = new ArrayList<>();
            List<Owner> cutOwners = new ArrayList<>();
            long cursor = m.startAddress();
            for (int i = o; i < owners.size() && Long.compareUnsigned(owners.get(i).start(), m.endAddress()) < 0; i++) {
                Owner owner = owners.get(i);
                long from = max(owner.start(), m.startAddress());
                long to = min(owner.end(), m.endAddress());
                if (Long.compareUnsigned(cursor, from) < 0) {
                    cuts.add(new long[] {cursor, from});
                    cutOwners.add(null);
                }
                cuts.add(new long[] {from, to});
                cutOwners.add(owner);
                cursor = to;
            }
            if (Long.compareUnsigned(cursor, m.endAddress()) < 0) {
                cuts.add(new long[] {cursor, m.endAddress()});
                cutOwners.add(null);
            }
            Owner byKind = ownerByKind(m, codeFiles);
            long rss = m.rssBytes() == null ? 0 : m.rssBytes();
            long assigned = 0;
            for (int i = 0; i < cuts.size(); i++) {
                long[] c = cuts.get(i);
                Owner owner = cutOwners.get(i) != null ? cutOwners.get(i) : byKind;
                long resident;
                boolean approximate = false;
                if (cuts.size() == 1) {
                    resident = rss;
                } else {
                    Long exact = measured.get(new AddressRange(c[0], c[1]));
                    if (exact != null) {
                        resident = Math.min(exact, rss - assigned);
                    } else if (i == cuts.size() - 1) {
                        resident = rss - assigned;
                        approximate = true;
                    } else {
                        resident = Math.min(rss - assigned, (long) ((double) rss * (c[1] - c[0]) / m.sizeBytes()));
                        approximate = true;
                    }
                }
                assigned += resident;
                segments.add(new Segment(c[0], c[1], owner.category(), owner.kind(), owner.label(), resident, approximate));
            }
        }
        return segments;
    }

    /**
     * The pieces of mappings shared by several owners: where pagemap should measure residency so that the split
     * is exact rather than proportional.
     */
    public static List<AddressRange> rangesToMeasure(Snapshot s) {
        List<AddressRange> ranges = new ArrayList<>();
        for (Segment seg : split(s)) {
            if (seg.approximate()) {
                ranges.add(new AddressRange(seg.start(), seg.end()));
            }
        }
        return ranges;
    }

    private static List<Owner> owners(Snapshot s) {
        List<Owner> owners = new ArrayList<>();
        NmtReport nmt = s.nmt();
        boolean nmtRegions = nmt != null && !nmt.unavailable() && !nmt.virtualMemoryMap().isEmpty();
        if (nmtRegions) {
            for (NmtReservedRegion r : nmt.virtualMemoryMap()) {
                owners.add(new Owner(r.start(), r.end(), CategoryMapper.forRegion(r, nmt.format()), Segment.Kind.FINAL,
                        r.rawCategory()));
            }
        }
        // NMT's regions first: the JVM's own reports (heap, code cache, library .bss) only where NMT says nothing
        List<Owner> byNmt = List.copyOf(owners);
        List<JvmRegion> regions = new ArrayList<>(s.jvmRegions());
        regions.addAll(ReservationLocator.locate(s));
        for (JvmRegion r : regions) {
            if (byNmt.stream().noneMatch(w -> overlaps(w, r.start(), r.end()))) {
                owners.add(new Owner(r.start(), r.end(), r.category(), Segment.Kind.FINAL, r.label()));
            }
        }
        for (Owner stack : threadStacks(s)) {
            if (owners.stream().noneMatch(w -> overlaps(w, stack.start(), stack.end()))) {
                owners.add(stack);
            }
        }
        for (GlibcHeap h : s.glibcHeaps() == null ? List.<GlibcHeap>of() : s.glibcHeaps()) {
            if (h.counts() && owners.stream().noneMatch(w -> overlaps(w, h.start(), h.reservationEnd()))) {
                owners.add(new Owner(h.start(), h.reservationEnd(), MemoryCategory.MALLOC_ARENAS,
                        Segment.Kind.MALLOC_ARENA, "glibc arena heap"));
            }
        }
        owners.sort(Comparator.comparing(Owner::start, Long::compareUnsigned));
        return dropOverlaps(owners);
    }

    /**
     * Thread stacks found by the stack pointers of blocked threads: the anonymous read/write mapping holding a
     * pointer is that thread's stack (HotSpot's and glibc's guard pages keep stacks from merging with their
     * neighbours below; a mapping larger than {@value #MAX_STACK_MAPPING_MIB} MiB is left alone as ambiguous).
     */
    private static List<Owner> threadStacks(Snapshot s) {
        List<Owner> stacks = new ArrayList<>();
        for (var t : s.threads()) {
            if (t.stackPointer() == null) {
                continue;
            }
            Mapping m = s.memoryMap().find(t.stackPointer()).orElse(null);
            if (m != null && m.path() == null && m.isWritable() && m.sizeBytes() <= MAX_STACK_MAPPING_MIB << 20
                    && stacks.stream().noneMatch(o -> o.start() == m.startAddress())) {
                stacks.add(new Owner(m.startAddress(), m.endAddress(), MemoryCategory.THREAD_STACKS, Segment.Kind.FINAL,
                        "thread stack"));
            }
        }
        return stacks;
    }

    /** Thread names by stack pointer ("C2 CompilerThre (tid 4711)"); user-space addresses sort as signed longs. */
    static TreeMap<Long, String> threadsByStackPointer(Snapshot s) {
        TreeMap<Long, String> bySp = new TreeMap<>();
        for (var t : s.threads()) {
            if (t.stackPointer() != null) {
                bySp.put(t.stackPointer(), t.name() + " (tid " + t.tid() + ")");
            }
        }
        return bySp;
    }

    /** The thread whose stack pointer lies in [start, end), else null. */
    static String threadIn(TreeMap<Long, String> bySp, long start, long end) {
        Map.Entry<Long, String> e = bySp.ceilingEntry(start);
        return e != null && Long.compareUnsigned(e.getKey(), end) < 0 ? e.getValue() : null;
    }

    /** NMT regions do not overlap, but GC.heap_info spaces and arena guesses might: the first one wins. */
    private static List<Owner> dropOverlaps(List<Owner> sorted) {
        List<Owner> result = new ArrayList<>();
        long end = 0;
        for (Owner w : sorted) {
            if (result.isEmpty() || Long.compareUnsigned(w.start(), end) >= 0) {
                result.add(w);
                end = w.end();
            } else if (Long.compareUnsigned(w.end(), end) > 0) {
                result.add(new Owner(end, w.end(), w.category(), w.kind(), w.label()));
                end = w.end();
            }
        }
        return result;
    }

    private static boolean overlaps(Owner w, long start, long end) {
        return Long.compareUnsigned(w.start(), end) < 0 && Long.compareUnsigned(start, w.end()) < 0;
    }

    /** What a mapping (or the part of it no JVM region owns) is, judged by its name and neighbourhood. */
    private static Owner ownerByKind(Mapping m, Set<String> codeFiles) {
        String path = m.path();
        long s = m.startAddress();
        long e = m.endAddress();
        if (path == null || path.startsWith("[anon:")) {
            return new Owner(s, e, MemoryCategory.UNEXPLAINED, Segment.Kind.LEFTOVER, "anonymous");
        }
        if (path.equals("[heap]")) {
            return new Owner(s, e, MemoryCategory.MALLOC_UNTRACKED, Segment.Kind.MALLOC_MAIN, "[heap]");
        }
        if (path.startsWith("[stack")) {
            return new Owner(s, e, MemoryCategory.STACKS_NATIVE, Segment.Kind.FINAL, "[stack]");
        }
        if (path.startsWith("[")) {
            return new Owner(s, e, MemoryCategory.LIBRARIES, Segment.Kind.FINAL, path);
        }
        if (path.endsWith(".jsa")) {
            return new Owner(s, e, MemoryCategory.CDS, Segment.Kind.FINAL, baseName(path));
        }
        if (codeFiles.contains(path)) {
            return new Owner(s, e, MemoryCategory.LIBRARIES, Segment.Kind.FINAL,
                    baseName(path) + (m.deleted() ? " (deleted)" : ""));
        }
        return new Owner(s, e, MemoryCategory.MAPPED_FILES, Segment.Kind.FINAL, path + (m.deleted() ? " (deleted)" : ""));
    }

    /** Files holding code: shared libraries ("libjvm.so", "libc.so.6") and executables, i.e. any file mapped executable. */
    private static Set<String> codeFiles(List<Mapping> mappings) {
        Set<String> files = new HashSet<>();
        for (Mapping m : mappings) {
            String path = m.path();
            if (m.isFileBacked() && (m.isExecutable() || baseName(path).endsWith(".so") || baseName(path).contains(".so."))) {
                files.add(path);
            }
        }
        return files;
    }

    static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
