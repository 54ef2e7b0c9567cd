package dev.offheap.analyze;

import dev.offheap.model.GlibcHeap;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Snapshot;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Splits the malloc'ed resident memory by owner: what NMT says the JVM malloc'ed (per category), direct buffers
 * (the buffer pool), other Unsafe memory, free memory glibc retains (malloc_info), and the untracked rest, which
 * is placed where it sits: glibc arenas, or the main heap and mmapped chunks.
 */
final class MallocSplit {
    private MallocSplit() {
    }

    static void split(Snapshot s, NmtReport nmt, RssAccounting.MallocLocations where, RowBuilder rows, List<String> notes) {
        long pool = where.total();
        Map<MemoryCategory, Long> claims = claims(s, nmt, notes);
        long claimed = claims.values().stream().mapToLong(Long::longValue).sum();
        double scale = claimed > pool ? (double) pool / claimed : 1.0;
        if (scale < 1.0) {
            notes.add(String.format("NMT, buffer pools and malloc_info account for %d malloc'ed bytes but only %d are"
                    + " resident (allocated, never touched); their rows were scaled down to fit", claimed, pool));
        }
        long assigned = 0;
        for (Map.Entry<MemoryCategory, Long> e : claims.entrySet()) {
            long v = Math.min(pool - assigned, Math.round(e.getValue() * scale));
            rows.addResident(e.getKey(), v, scale < 1.0, source(e.getKey()));
            assigned += v;
        }
        long rest = pool - assigned;
        long inArenas = pool == 0 ? 0 : Math.round((double) rest * where.arenas() / pool);
        long inMain = pool == 0 ? 0 : Math.min(rest - inArenas, Math.round((double) rest * where.mainHeap() / pool));
        long inLeftover = rest - inArenas - inMain;
        boolean split = claimed > 0;
        rows.addResident(MemoryCategory.MALLOC_ARENAS, inArenas, split && inArenas > 0 && inArenas != where.arenas(), "smaps (glibc arena heaps)");
        rows.addResident(MemoryCategory.MALLOC_UNTRACKED, inMain, split && inMain != where.mainHeap(), "smaps ([heap])");
        if (nmt != null) {
            rows.addResident(MemoryCategory.MALLOC_UNTRACKED, inLeftover, split, "anonymous memory outside NMT regions");
        } else {
            rows.addResident(MemoryCategory.UNEXPLAINED, inLeftover, split, null);
            if (inLeftover > 0) {
                notes.add("without NMT, anonymous memory outside the heap and code cache (malloc'ed chunks, JVM metadata,"
                        + " GC structures, thread stacks, native mmaps) cannot be told apart: it is 'unexplained'");
            }
        }
        addArenaParts(s, rows, where.arenas());
    }

    private static Map<MemoryCategory, Long> claims(Snapshot s, NmtReport nmt, List<String> notes) {
        Map<MemoryCategory, Long> claims = new EnumMap<>(MemoryCategory.class);
        OptionalLong direct = RssAccounting.directUsed(s);
        if (nmt != null) {
            for (NmtCategory c : nmt.categories()) {
                if (c.tag() != nmt.unsafeTag()) {
                    claims.merge(CategoryMapper.forMalloc(c.tag()), c.mallocBytes() + c.arenaBytes(), Long::sum);
                }
            }
            long unsafeTagged = nmt.category(nmt.unsafeTag()).map(NmtCategory::mallocBytes).orElse(0L);
            if (direct.isPresent()) {
                long d = Math.min(direct.getAsLong(), unsafeTagged);
                claims.merge(MemoryCategory.DIRECT_BUFFERS, d, Long::sum);
                claims.merge(MemoryCategory.UNSAFE, unsafeTagged - d, Long::sum);
            } else if (unsafeTagged > 0) {
                claims.merge(MemoryCategory.DIRECT_BUFFERS, unsafeTagged, Long::sum);
                notes.add("buffer pools were not read: 'direct-buffers' holds all of NMT '" + nmt.unsafeTag().text()
                        + "' malloc, i.e. direct buffers and other Unsafe memory together");
            }
        } else if (direct.isPresent()) {
            claims.put(MemoryCategory.DIRECT_BUFFERS, direct.getAsLong());
        }
        if (s.mallocInfo() != null) {
            claims.merge(MemoryCategory.MALLOC_FREE_RETAINED, s.mallocInfo().totalFreeBytes(), Long::sum);
        }
        claims.values().removeIf(v -> v == 0);
        return claims;
    }

    private static String source(MemoryCategory c) {
        return switch (c) {
            case DIRECT_BUFFERS -> "buffer pool 'direct'";
            case UNSAFE -> "NMT minus the direct buffer pool";
            case MALLOC_FREE_RETAINED -> "malloc_info (free bytes glibc keeps)";
            default -> "NMT malloc";
        };
    }

    private static void addArenaParts(Snapshot s, RowBuilder rows, long arenaResident) {
        List<GlibcHeap> heaps = s.glibcHeaps().stream().filter(h -> !Boolean.FALSE.equals(h.confirmed())).toList();
        if (heaps.isEmpty()) {
            return;
        }
        long arenas = heaps.stream().mapToLong(GlibcHeap::arenaStart).distinct().count();
        String name = arenas + " arena" + (arenas == 1 ? "" : "s") + " in " + heaps.size() + " heap" + (heaps.size() == 1 ? "" : "s");
        rows.addPart(MemoryCategory.MALLOC_ARENAS, name, arenaResident);
        rows.setPartDetail(MemoryCategory.MALLOC_ARENAS, name, "resident in arena heaps, all owners");
    }
}
