package dev.offheap.analyze;

import dev.offheap.model.Budget;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Computes the reasonable budget from the target's flags. The margin for the JVM's own structures (GC remembered
 * sets and bitmaps, compiler, symbols) and native libraries is {@value #MARGIN_FIXED_MIB} MiB plus
 * {@value #MARGIN_HEAP_PERCENT}% of the maximum heap.
 */
public final class BudgetCalculator {
    public static final long MARGIN_FIXED_MIB = 64;
    public static final long MARGIN_HEAP_PERCENT = 10;
    /** HotSpot's "unlimited" MaxMetaspaceSize: max_uintx rounded down to the allocation granularity. */
    private static final long UNLIMITED_THRESHOLD = 1L << 60;

    private BudgetCalculator() {
    }

    /** The budget, or null when the flags are not known. */
    public static Budget compute(Snapshot s, ExplainedRss explained) {
        JvmFlags f = s.flags();
        if (f == null || f.longValue("MaxHeapSize").isEmpty()) {
            return null;
        }
        List<Budget.Part> parts = new ArrayList<>();
        long heap = f.longValue("MaxHeapSize").getAsLong();
        parts.add(new Budget.Part("heap max", heap, "MaxHeapSize (-Xmx)"));
        parts.add(metaspace(s, explained));
        long direct = f.longValue("MaxDirectMemorySize").orElse(0);
        parts.add(direct > 0 ? new Budget.Part("direct memory max", direct, "MaxDirectMemorySize")
                : new Budget.Part("direct memory max", heap, "MaxDirectMemorySize not set: defaults to the heap max"));
        f.longValue("ReservedCodeCacheSize").ifPresent(c -> parts.add(new Budget.Part("code cache", c, "ReservedCodeCacheSize")));
        OptionalLong threads = threadCount(s);
        long stackKib = f.longValue("ThreadStackSize").orElse(1024);
        if (threads.isPresent()) {
            parts.add(new Budget.Part("thread stacks", threads.getAsLong() * stackKib * 1024,
                    threads.getAsLong() + " threads × " + stackKib + " KiB (ThreadStackSize)"));
        }
        long margin = (MARGIN_FIXED_MIB << 20) + heap * MARGIN_HEAP_PERCENT / 100;
        parts.add(new Budget.Part("JVM and libraries margin", margin,
                MARGIN_FIXED_MIB + " MiB + " + MARGIN_HEAP_PERCENT + "% of heap max (GC structures, compiler, symbols, native libraries)"));
        return new Budget(parts.stream().mapToLong(Budget.Part::bytes).sum(), parts);
    }

    private static Budget.Part metaspace(Snapshot s, ExplainedRss explained) {
        OptionalLong max = s.flags().longValue("MaxMetaspaceSize");
        if (max.isPresent() && Long.compareUnsigned(max.getAsLong(), UNLIMITED_THRESHOLD) < 0) {
            return new Budget.Part("metaspace max", max.getAsLong(), "MaxMetaspaceSize");
        }
        long current = committedOrResident(explained, MemoryCategory.METASPACE)
                + committedOrResident(explained, MemoryCategory.CLASS_SPACE);
        if (current > 0) {
            return new Budget.Part("metaspace", current, "MaxMetaspaceSize unlimited: current committed metaspace and class space");
        }
        // without NMT: the performance counter (metaspace and class space committed), updated at each GC
        long counted = s.counters() == null ? 0 : s.counters().number("sun.gc.metaspace.capacity").orElse(0);
        return counted > 0
                ? new Budget.Part("metaspace", counted, "MaxMetaspaceSize unlimited: metaspace and class space committed"
                        + " at the last GC (performance counters; NMT is off)")
                : new Budget.Part("metaspace unknown (NMT off, no GC yet)", 0, "MaxMetaspaceSize unlimited, and neither NMT nor a GC yet"
                        + " says how much is committed: not counted");
    }

    private static long committedOrResident(ExplainedRss e, MemoryCategory c) {
        return e.category(c).map(u -> u.committedBytes() != null ? u.committedBytes() : u.residentBytes()).orElse(0L);
    }

    private static OptionalLong threadCount(Snapshot s) {
        if (s.status() != null && s.status().threads() > 0) {
            return OptionalLong.of(s.status().threads());
        }
        return s.counters() == null ? OptionalLong.empty() : s.counters().number("java.threads.live");
    }
}
