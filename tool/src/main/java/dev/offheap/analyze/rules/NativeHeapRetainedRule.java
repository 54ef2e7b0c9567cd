package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MallocInfo;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** NATIVE_HEAP_RETAINED: glibc holds much freed memory (malloc_info free bytes) instead of returning it. */
public final class NativeHeapRetainedRule implements Rule {
    private static final long MIN_BYTES = 64L << 20;

    @Override
    public Optional<Finding> evaluate(Facts f) {
        MallocInfo mi = f.snapshot().mallocInfo();
        long rss = f.explained().rssBytes();
        if (mi == null || mi.totalFreeBytes() < MIN_BYTES || mi.totalFreeBytes() < rss / 10) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(Sizes.format(mi.totalFreeBytes()) + " free but kept by glibc (" + Math.round(100.0 * mi.totalFreeBytes() / rss)
                + "% of RSS), of " + Sizes.format(mi.totalSystemBytes()) + " it got from the system");
        mi.arenas().stream().sorted(Comparator.comparingLong(MallocInfo.Arena::freeBytes).reversed()).limit(3)
                .forEach(a -> evidence.add("arena " + a.nr() + (a.nr() == 0 ? " (main)" : "") + ": " + Sizes.format(a.freeBytes())
                        + " free of " + Sizes.format(a.systemBytes())));
        return Optional.of(new Finding(FindingId.NATIVE_HEAP_RETAINED, mi.totalFreeBytes() >= rss / 4 ? Severity.WARNING : Severity.INFO,
                "glibc keeps " + Sizes.format(mi.totalFreeBytes()) + " of freed memory",
                "Native memory that was freed is still resident: glibc returns memory to the system only from the top of"
                        + " a heap, so fragmentation and many arenas keep freed blocks in RSS. This is not a leak of live"
                        + " objects, but it counts against a container's limit.",
                evidence,
                ("Trim or limit retention." + TrimAdvice.forTarget(f.snapshot())
                        + " Fewer arenas (MALLOC_ARENA_MAX=2) or jemalloc (LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2)"
                        + " keep less.").trim(),
                null));
    }
}
