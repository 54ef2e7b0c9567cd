package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GLIBC_ARENAS: glibc's per-thread malloc arenas (64 MiB reservations, up to 8 per core) hold a large share of
 * RSS. Memory freed by one thread stays in its arena; many arenas fragment and retain memory.
 */
public final class GlibcArenasRule implements Rule {
    private static final long MIN_BYTES = 32L << 20;
    private static final int MIN_ARENAS = 4;

    @Override
    public Optional<Finding> evaluate(Facts f) {
        Snapshot s = f.snapshot();
        List<GlibcHeap> heaps = (s.glibcHeaps() == null ? List.<GlibcHeap>of() : s.glibcHeaps()).stream().filter(GlibcHeap::counts).toList();
        long arenas = heaps.stream().mapToLong(GlibcHeap::arenaStart).distinct().count();
        long resident = heaps.stream().mapToLong(GlibcHeap::residentBytes).sum();
        long rss = f.explained().rssBytes();
        if (arenas < MIN_ARENAS || resident < MIN_BYTES || resident < rss / 10) {
            return Optional.empty();
        }
        Optional<String> arenaMax = s.environment() == null ? Optional.empty() : s.environment().mallocArenaMax();
        boolean confirmed = heaps.stream().allMatch(h -> Boolean.TRUE.equals(h.confirmed()));
        List<String> evidence = new ArrayList<>();
        evidence.add(arenas + " glibc arenas in " + heaps.size() + " heaps hold " + Sizes.format(resident) + " resident ("
                + Math.round(100.0 * resident / rss) + "% of RSS " + Sizes.format(rss) + ")"
                + (confirmed ? "; each heap confirmed by its heap_info header" : "; found by their 64 MiB layout"));
        evidence.add(arenaMax.map(v -> ProcessEnvironment.MALLOC_ARENA_MAX + "=" + v + " is set")
                .orElse(ProcessEnvironment.MALLOC_ARENA_MAX + " is not set: glibc allows 8 arenas per core"));
        if (s.mallocInfo() != null) {
            evidence.add("malloc_info: " + Sizes.format(s.mallocInfo().totalFreeBytes()) + " free inside "
                    + s.mallocInfo().arenas().size() + " arenas");
        }
        boolean severe = resident >= rss / 3;
        String trim = TrimAdvice.forTarget(s);
        return Optional.of(new Finding(FindingId.GLIBC_ARENAS, severe ? Severity.WARNING : Severity.INFO,
                "glibc malloc arenas hold " + Sizes.format(resident),
                "glibc gives threads that malloc concurrently their own arenas (64 MiB reservations each). Memory freed in"
                        + " an arena is kept for reuse by that arena, so many threads doing native allocation (zip, NIO,"
                        + " JNI libraries, the JVM itself) fragment memory and hold far more than they use.",
                evidence,
                "Limit the arenas: start the JVM with the environment variable MALLOC_ARENA_MAX=2 (e.g. ENV MALLOC_ARENA_MAX=2"
                        + " in a Dockerfile)" + (arenaMax.isPresent() ? " or lower" : "") + ". Or use jemalloc:"
                        + " LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 (Debian: apt-get install libjemalloc2)."
                        + trim,
                null));
    }
}
