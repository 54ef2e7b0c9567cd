package dev.offheap.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JIT's map of generated code ({@code jcmd PID Compiler.perfmap}, {@code -XX:+DumpPerfMapAtExit}): compiled
 * methods, native-method wrappers, the interpreter and stubs, sorted by start address for lookup.
 */
public record PerfMap(List<Entry> entries) {
    /** One code blob: {@code [start, start + size)} and the name HotSpot gives it. */
    public record Entry(long start, long size, String name) {
    }

    public PerfMap {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        entries = List.copyOf(sorted);
    }

    public static PerfMap empty() {
        return new PerfMap(List.of());
    }

    /** The blob holding {@code address}. Blobs may be listed twice after code moved: the later start wins. */
    public Optional<Entry> find(long address) {
        int lo = 0;
        int hi = entries.size() - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(entries.get(mid).start(), address) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int i = best; i >= 0 && i > best - 4; i--) {
            Entry e = entries.get(i);
            if (Long.compareUnsigned(address - e.start(), e.size()) < 0) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** This map with the entries of {@code later} added (a later snapshot of the same process). */
    public PerfMap merge(PerfMap later) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(later.entries());
        return new PerfMap(all);
    }
}
