package dev.offheap.analyze;

import dev.offheap.model.GlibcHeap;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Sizes;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Splits the anonymous memory no address range placed — glibc's main heap, its arenas, and the rest (malloc'ed
 * mmapped chunks, native mmaps, and with NMT summary the JVM's own mmaps) — by owner. First what is known to be
 * malloc'ed: NMT malloc per category, direct buffers (the buffer pool), other Unsafe memory, free memory glibc keeps
 * (malloc_info); it fills the main heap and arenas before the rest. Then, with NMT summary, the JVM's unplaced
 * mmaps (up to their committed size) from the rest. What is left stays where it sits: untracked memory in arenas
 * ({@code malloc-arenas}), elsewhere {@code malloc-untracked}, or {@code unexplained} when NMT is off.
 */
final class MallocSplit {
    /** Below this, Unsafe memory told apart from direct buffers or not makes no difference worth a note. */
    private static final long NOTABLE_UNSAFE_BYTES = 1 << 20;

    private MallocSplit() {
    }

    static void split(Snapshot s, NmtReport nmt, boolean detail, RssAccounting.MallocLocations where, RowBuilder rows,
                      List<String> notes) {
        long pool = where.total();
        Map<MemoryCategory, Long> claims = claims(s, nmt, notes);
        long claimed = claims.values().stream().mapToLong(Long::longValue).sum();
        // direct buffers are zeroed when allocated, so all their pages are resident: the other claims are scaled
        long direct = Math.min(pool, claims.getOrDefault(MemoryCategory.DIRECT_BUFFERS, 0L));
        double scale = claimed > pool ? (double) (pool - direct) / Math.max(1, claimed - direct) : 1.0;
        if (scale < 1.0) {
            List<String> by = new ArrayList<>();
            if (nmt != null) {
                by.add("NMT");
            }
            if (s.bufferPools() != null) {
                by.add("the buffer pools");
            }
            if (s.mallocInfo() != null) {
                by.add("malloc_info");
            }
            String who = by.size() <= 1 ? String.join("", by)
                    : String.join(", ", by.subList(0, by.size() - 1)) + " and " + by.get(by.size() - 1);
            notes.add(who + " account" + (by.size() == 1 && !by.get(0).startsWith("the ") ? "s" : "") + " for " + Sizes.format(claimed) + " of malloc'ed memory, "
                    + Sizes.format(claimed - pool) + " more than is resident outside the JVM's regions (allocations not"
                    + " touched yet, or counted before being freed): those rows" + (direct > 0 ? " but direct-buffers" : "")
                    + " were scaled down by " + Math.round(100 * (1 - scale)) + "% to fit");
        }
        long assigned = 0;
        for (Map.Entry<MemoryCategory, Long> e : claims.entrySet()) {
            double factor = e.getKey() == MemoryCategory.DIRECT_BUFFERS ? 1.0 : scale;
            long v = Math.min(pool - assigned, Math.round(e.getValue() * factor));
            rows.addResident(e.getKey(), v, factor < 1.0 || v < e.getValue(), source(e.getKey()));
            assigned += v;
        }
        long glibc = where.mainHeap() + where.arenas();
        long inGlibc = Math.min(assigned, glibc);
        long arenasLeft = glibc == 0 ? 0 : where.arenas() - Math.round((double) inGlibc * where.arenas() / glibc);
        long mainLeft = glibc - inGlibc - arenasLeft;
        long restLeft = where.leftover() - (assigned - inGlibc);
        if (nmt != null && !detail) {
            restLeft -= placeUnplacedJvmMmap(NmtSummaryPlacement.unplaced(nmt, s), restLeft, rows, notes);
        }
        rows.addResident(MemoryCategory.MALLOC_ARENAS, arenasLeft, claimed > 0 && arenasLeft > 0, "smaps (glibc arena heaps)");
        rows.addResident(MemoryCategory.MALLOC_UNTRACKED, mainLeft, claimed > 0 && mainLeft > 0, "smaps ([heap])");
        if (nmt != null) {
            rows.addResident(MemoryCategory.MALLOC_UNTRACKED, restLeft, claimed > 0 && restLeft > 0,
                    detail ? "anonymous memory outside NMT regions" : "anonymous memory outside known regions");
        } else {
            rows.addResident(MemoryCategory.UNEXPLAINED, restLeft, false, null);
            if (restLeft > 0) {
                notes.add("without NMT's figures, anonymous memory outside the heap and code cache (malloc'ed chunks, JVM metadata,"
                        + " GC structures, thread stacks, native mmaps) cannot be told apart: it is 'unexplained'");
            }
        }
        addArenaParts(s, rows, where.arenas());
    }

    private static long placeUnplacedJvmMmap(Map<MemoryCategory, Long> wanted, long available, RowBuilder rows,
                                             List<String> notes) {
        long total = wanted.values().stream().mapToLong(Long::longValue).sum();
        long take = Math.max(0, Math.min(total, available));
        if (take == 0) {
            return 0;
        }
        long given = 0;
        List<String> estimated = new ArrayList<>();
        for (Map.Entry<MemoryCategory, Long> e : wanted.entrySet()) {
            long v = Math.min(take - given, Math.round((double) e.getValue() * take / total));
            if (v > 0) {
                rows.addResident(e.getKey(), v, true, "NMT summary (committed size; no addresses)");
                estimated.add(e.getKey().text());
                given += v;
            }
        }
        if (!estimated.isEmpty()) {
            notes.add("NMT summary has no addresses: " + String.join(", ", estimated)
                    + (estimated.size() == 1 ? " is" : " are") + " estimated from NMT committed sizes (an upper bound);"
                    + " NMT detail makes " + (estimated.size() == 1 ? "it" : "them") + " exact");
        }
        return given;
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
                if (unsafeTagged >= NOTABLE_UNSAFE_BYTES) {
                    notes.add("buffer pools were not read: 'direct-buffers' holds all of NMT '" + nmt.unsafeTag().text()
                            + "' malloc, i.e. direct buffers and other Unsafe memory together");
                }
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
        List<GlibcHeap> heaps = (s.glibcHeaps() == null ? List.<GlibcHeap>of() : s.glibcHeaps()).stream().filter(GlibcHeap::counts).toList();
        if (heaps.isEmpty()) {
            return;
        }
        long arenas = heaps.stream().mapToLong(GlibcHeap::arenaStart).distinct().count();
        String name = arenas + " arena" + (arenas == 1 ? "" : "s") + " in " + heaps.size() + " heap" + (heaps.size() == 1 ? "" : "s")
                + ", " + Sizes.format(arenaResident) + " resident (all owners)";
        rows.addPart(MemoryCategory.MALLOC_ARENAS, name, 0);
    }
}
