package dev.offheap.analyze;

import dev.offheap.model.CategoryUsage;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtAmount;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtFormat;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtTag;
import dev.offheap.model.NmtView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * NMT's view of a JVM from its output alone: each category goes whole to one row of the accounting, or part by part
 * where its parts belong to different rows (mmap'ed and malloc'ed memory, thread stacks, JDK 10-16's metaspace and
 * class space inside Class). The parts of a category add up to it, so the rows add up to what NMT listed, and that
 * to NMT's {@code Total:} within rounding; what is beyond rounding is shown, not hidden.
 */
public final class NmtAccounting {
    /** Categories a JDK may print (HotSpot's memory tags): an upper bound of those left out under the scale. */
    private static final int MAX_CATEGORIES = NmtTag.values().length;

    private NmtAccounting() {
    }

    /** Null when the report has no figures (a one-line answer) or no {@code Total:} line. */
    public static NmtView view(NmtReport nmt) {
        if (nmt == null || nmt.unavailable() || nmt.totals() == null) {
            return null;
        }
        List<NmtView.Line> lines = new ArrayList<>();
        boolean separateMetaspace = nmt.category(NmtTag.METASPACE).isPresent();
        for (NmtCategory c : nmt.categories()) {
            lines.addAll(split(c, nmt, separateMetaspace));
        }
        long reserved = lines.stream().mapToLong(l -> l.reserved().bytes()).sum();
        long committed = lines.stream().mapToLong(l -> l.committed().bytes()).sum();
        int n = nmt.categories().size();
        // each figure is rounded to the scale on its own; categories under one unit are left out
        long rounding = (n + 1) * nmt.scaleBytes() / 2 + Math.max(0, MAX_CATEGORIES - n) * nmt.scaleBytes();
        long missingReserved = nmt.totals().reserved().bytes() - reserved;
        long missingCommitted = nmt.totals().committed().bytes() - committed;
        long over = Math.max(0, Math.max(-missingReserved, -missingCommitted) - rounding);
        boolean unlisted = missingReserved > rounding || missingCommitted > rounding;
        return new NmtView(nmt, lines, nmt.totals().reserved(), nmt.totals().committed(),
                unlisted ? Math.max(0, missingReserved) : 0, unlisted ? Math.max(0, missingCommitted) : 0, rounding, over);
    }

    /** The view rolled up into rows, largest committed first; what NMT's Total holds beyond its categories is 'unexplained'. */
    public static List<CategoryUsage> rows(NmtView view) {
        Map<MemoryCategory, long[]> sums = new EnumMap<>(MemoryCategory.class);
        Map<MemoryCategory, List<String>> sources = new EnumMap<>(MemoryCategory.class);
        for (NmtView.Line l : view.lines()) {
            long[] s = sums.computeIfAbsent(l.row(), k -> new long[2]);
            s[0] += l.reserved().bytes();
            s[1] += l.committed().bytes();
            sources.computeIfAbsent(l.row(), k -> new ArrayList<>()).add("NMT " + l.label());
        }
        List<CategoryUsage> rows = new ArrayList<>();
        sums.forEach((row, s) -> rows.add(new CategoryUsage(row, 0, s[1], s[0], String.join(", ", sources.get(row)), false,
                List.of())));
        rows.sort(Comparator.comparing((CategoryUsage u) -> u.committedBytes()).reversed()
                .thenComparing(Comparator.comparing((CategoryUsage u) -> u.reservedBytes()).reversed()));
        if (view.unlistedReserved() > 0 || view.unlistedCommitted() > 0) {
            rows.add(new CategoryUsage(MemoryCategory.UNEXPLAINED, 0, view.unlistedCommitted(), view.unlistedReserved(),
                    "NMT Total minus the categories read", false, List.of()));
        }
        return rows;
    }

    private static List<NmtView.Line> split(NmtCategory c, NmtReport nmt, boolean separateMetaspace) {
        String name = c.rawName();
        List<NmtView.Line> parts = new ArrayList<>();
        if (c.tag() == nmt.unsafeTag() && c.malloc() != null) {
            parts.add(new NmtView.Line(name, "malloc", MemoryCategory.DIRECT_BUFFERS, c.malloc().bytes(), c.malloc().bytes(),
                    unsafeNote(nmt)));
        } else if (c.tag() == NmtTag.THREAD && c.threads() != null && c.threads().stackCommitted() != null) {
            parts.add(new NmtView.Line(name, "stacks", MemoryCategory.THREAD_STACKS, c.threads().stackReserved(),
                    c.threads().stackCommitted(), ""));
        } else if (c.tag() == NmtTag.CLASS && !separateMetaspace && c.metadata() != null && c.classSpace() != null
                && c.metadata().reserved().bytes() + c.classSpace().reserved().bytes() <= c.reservedBytes()) {
            // JDK 10-16: Class holds both metaspaces, "Metadata:" and "Class space:" say how much each
            parts.add(new NmtView.Line(name, "metaspace", MemoryCategory.METASPACE, c.metadata().reserved(),
                    c.metadata().committed(), ""));
            parts.add(new NmtView.Line(name, "class space", MemoryCategory.CLASS_SPACE, c.classSpace().reserved(),
                    c.classSpace().committed(), ""));
        } else if (c.mmap() != null && c.mmap().reserved().bytes() > 0) {
            parts.add(new NmtView.Line(name, "mmap", CategoryMapper.forCategory(c.tag(), nmt.format()), c.mmap().reserved(),
                    c.mmap().committed(), ""));
        }
        NmtAmount restReserved = minus(c.reserved(), parts, true);
        NmtAmount restCommitted = minus(c.committed(), parts, false);
        if (parts.isEmpty()) {
            return List.of(new NmtView.Line(name, "", wholeRow(c, nmt), c.reserved(), c.committed(), ""));
        }
        boolean rest = restReserved.bytes() != 0 || restCommitted.bytes() != 0 || restReserved.delta() != 0
                || restCommitted.delta() != 0;
        if (!rest && parts.size() == 1) {
            NmtView.Line only = parts.get(0);
            return List.of(new NmtView.Line(name, "", only.row(), only.reserved(), only.committed(), only.note()));
        }
        if (rest) {
            boolean unsafe = c.tag() == nmt.unsafeTag();
            MemoryCategory row = unsafe ? CategoryMapper.forCategory(c.tag(), nmt.format()) : CategoryMapper.forMalloc(c.tag());
            parts.add(new NmtView.Line(name, restName(c, unsafe), row, restReserved, restCommitted, ""));
        }
        return parts;
    }

    /** The row of a category that has no part of another kind: mmap'ed memory as its region, the rest as malloc. */
    private static MemoryCategory wholeRow(NmtCategory c, NmtReport nmt) {
        boolean mmapOnly = c.malloc() == null && c.arena() == null;
        return mmapOnly ? CategoryMapper.forCategory(c.tag(), nmt.format()) : CategoryMapper.forMalloc(c.tag());
    }

    private static String restName(NmtCategory c, boolean unsafe) {
        if (unsafe) {
            return "mmap";
        }
        List<String> kinds = new ArrayList<>();
        if (c.malloc() != null) {
            kinds.add("malloc");
        }
        if (c.arena() != null) {
            kinds.add("arena");
        }
        if (c.trackingOverhead() != null) {
            kinds.add("tracking overhead");
        }
        return kinds.isEmpty() ? "rest" : String.join(", ", kinds);
    }

    private static String unsafeNote(NmtReport nmt) {
        return nmt.format() == NmtFormat.JDK8
                ? "direct buffers, other Unsafe.allocateMemory memory and the JVM's own internal malloc: NMT cannot tell which"
                : "direct buffers or other Unsafe.allocateMemory memory (e.g. Netty's buffers without a cleaner): NMT cannot"
                + " tell which";
    }

    /** The category's amount minus its parts' (bytes and change). */
    private static NmtAmount minus(NmtAmount whole, List<NmtView.Line> parts, boolean reserved) {
        long bytes = whole.bytes();
        long delta = whole.delta();
        for (NmtView.Line p : parts) {
            NmtAmount a = reserved ? p.reserved() : p.committed();
            bytes -= a.bytes();
            delta -= a.delta();
        }
        boolean diff = whole.deltaBytes().isPresent() || parts.stream().anyMatch(p -> (reserved ? p.reserved() : p.committed())
                .deltaBytes().isPresent());
        return new NmtAmount(bytes, diff ? OptionalLong.of(delta) : OptionalLong.empty());
    }
}
