package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.HeapProfile;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * jemalloc heap profiles as allocation profiles: sampled counts scaled up as jeprof does for heap_v2, jemalloc's own
 * frames dropped, and the difference of two profiles (what grew since the base).
 */
public final class HeapProfiles {
    private HeapProfiles() {
    }

    /**
     * jeprof's scaling for heap_v2: a stack with {@code count} sampled objects of mean size {@code bytes/count}, each
     * sampled with probability {@code 1 - exp(-size/period)}, stands for {@code 1/(1 - exp(-size/period))} times as
     * much. Returns {scaled count, scaled bytes}.
     */
    public static long[] scale(long count, long bytes, long period) {
        if (count == 0 || period <= 0) {
            return new long[] {count, bytes};
        }
        double ratio = (double) bytes / count / period;
        double factor = 1 / (1 - Math.exp(-ratio));
        return new long[] {Math.round(count * factor), Math.round(bytes * factor)};
    }

    /** The live allocations of a profile, stacks named by {@code symbolize} (innermost first). */
    public static List<AllocationSite> sites(HeapProfile p, Function<long[], List<StackFrame>> symbolize) {
        List<AllocationSite> out = new ArrayList<>();
        for (HeapProfile.Stack s : p.stacks()) {
            long[] scaled = scale(s.sampledCount(), s.sampledBytes(), p.samplePeriodBytes());
            out.add(AllocationSites.site(withoutAllocator(symbolize.apply(s.addresses())), scaled[1], scaled[0]));
        }
        return AllocationSites.merge(out);
    }

    public static AllocationProfile profile(List<AllocationSite> sites, List<String> notes) {
        return new AllocationProfile("jemalloc", null, sites, AllocationSites.byLibrary(sites),
                AllocationSites.byJavaMethod(sites), List.of(), null, null, null, notes, null, null);
    }

    /** What {@code current} holds beyond {@code base}, per stack; stacks that shrank are left out. */
    public static AllocationProfile diff(List<AllocationSite> base, List<AllocationSite> current, List<String> notes) {
        Map<List<StackFrame>, AllocationSite> before = new HashMap<>();
        base.forEach(s -> before.put(s.frames(), s));
        List<AllocationSite> grown = new ArrayList<>();
        for (AllocationSite s : current) {
            AllocationSite b = before.get(s.frames());
            long bytes = s.bytes() - (b == null ? 0 : b.bytes());
            long count = s.count() - (b == null ? 0 : b.count());
            if (bytes > 0) {
                grown.add(AllocationSites.site(s.frames(), bytes, Math.max(count, 0)));
            }
        }
        List<AllocationSite> merged = AllocationSites.merge(grown);
        return new AllocationProfile("jemalloc-diff", null, merged, AllocationSites.byLibrary(merged),
                AllocationSites.byJavaMethod(merged), List.of(), null, null, null, notes, null, null);
    }

    /** Drops jemalloc's own frames (prof_backtrace, imalloc, je_malloc ...) at the top of a stack. */
    static List<StackFrame> withoutAllocator(List<StackFrame> frames) {
        int i = 0;
        while (i < frames.size() && frames.get(i).library() != null && frames.get(i).library().startsWith("libjemalloc")) {
            i++;
        }
        return frames.subList(i, frames.size());
    }
}
