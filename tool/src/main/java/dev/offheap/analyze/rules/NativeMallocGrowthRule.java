package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * NATIVE_MALLOC_GROWTH: malloc'ed memory that NMT does not track (JNI libraries, native code) grows steadily.
 * Only malloc profiling can say who allocates it.
 */
public final class NativeMallocGrowthRule implements GrowthRule {
    @Override
    public Optional<Finding> evaluate(Growth g) {
        if ("off".equals(g.recording().nmtMode()) || g.recording().nmtMode() == null) {
            return Optional.empty(); // without NMT the JVM's own malloc cannot be told from untracked malloc
        }
        // the malloc'ed memory NMT does not claim: the accounting puts it in arenas, untracked and free-retained rows
        Trend untracked = g.series("untrackedMalloc", s -> s.resident(MemoryCategory.MALLOC_UNTRACKED)
                + s.resident(MemoryCategory.MALLOC_ARENAS) + s.resident(MemoryCategory.MALLOC_FREE_RETAINED)
                + s.resident(MemoryCategory.UNEXPLAINED));
        OptionalLong container = g.recording().containerLimitBytes() == null ? OptionalLong.empty()
                : OptionalLong.of(g.recording().containerLimitBytes() - g.last().rssBytes() + Math.round(untracked.lastObserved()));
        Optional<Severity> severity = g.severity(untracked, Growth.MIN_GROWTH_BYTES, container);
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("malloc not tracked by NMT (untracked, in glibc arenas, free but kept, unexplained) "
                + Growth.describeBytes(untracked));
        evidence.add("RSS " + Growth.describeBytes(g.rss()));
        Trend arenas = g.resident(MemoryCategory.MALLOC_ARENAS);
        if (arenas.growth() > untracked.growth() / 2) {
            evidence.add("most of it in glibc's per-thread arenas: " + Growth.describeBytes(arenas));
        }
        List<String> libraries = g.recording().nativeLibraries();
        if (!libraries.isEmpty()) {
            evidence.add("native libraries from outside the JDK: " + String.join(", ", libraries));
        }
        String library = libraries.size() == 1 ? libraries.get(0) : null;
        return Optional.of(new Finding("NATIVE_MALLOC_GROWTH", severity.get(),
                "Native memory outside the JVM's tracking grows by " + Sizes.format(Math.round(untracked.slopePerSecond())) + "/s",
                "The growth is malloc'ed memory that NMT does not see: JNI libraries (compression, databases, crypto,"
                        + " image codecs) and native agents. Typical causes are native objects that are never closed"
                        + " (zstd/zlib streams, RocksDB iterators, JNA memory) and rely on a finalizer or cleaner that"
                        + " never runs.",
                evidence,
                "Find the allocating stacks without restarting: 'offheap profile " + g.recording().pid() + " --duration 60s'"
                        + " (malloc profiling with Java and native frames). Close native resources explicitly"
                        + " (try-with-resources)" + (library != null ? "; start with the users of " + library : "") + ".",
                library != null ? new Culprit(library, null, null, null) : null));
    }
}
