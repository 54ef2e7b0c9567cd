package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * NATIVE_MALLOC_GROWTH: malloc'ed memory no other row explains grows steadily, wherever it lands — glibc's main heap,
 * the per-thread arenas (memory malloc'ed by Java threads lands there), free memory glibc keeps, or anonymous memory
 * nothing accounts for. With NMT on that is memory NMT does not track (JNI libraries, native code); with NMT off it
 * also holds the JVM's own malloc, so the finding says so and points at what tells them apart without a restart.
 * While the JIT is still compiling it is only information, up to {@value #JIT_RETENTION_RATIO} times the code
 * cache's growth or, with NMT on, the most the compiler held at once: C2 mallocs its working memory for each
 * compilation and frees it after, and glibc keeps what was freed in the compiler threads' arenas, so these rows
 * grow through a warm-up with no leak (a zoo HealthyWarmup at NMT detail: NMT's Compiler at 55.9 MiB in one sample,
 * 0.2 MiB in the next, and glibc's arenas 49.4 MiB larger).
 */
public final class NativeMallocGrowthRule implements GrowthRule {
    /** The rows of {@link Growth#unclaimedMalloc()} in glibc's heaps (without anonymous memory). */
    private static final List<MemoryCategory> GLIBC_MALLOC = List.of(MemoryCategory.MALLOC_UNTRACKED,
            MemoryCategory.MALLOC_ARENAS, MemoryCategory.MALLOC_FREE_RETAINED);
    /** While the JIT compiles, growth up to this many times the code cache's is taken for what glibc keeps of C2's. */
    private static final long JIT_RETENTION_RATIO = 2;

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.MALLOC_UNTRACKED, MemoryCategory.MALLOC_ARENAS, MemoryCategory.MALLOC_FREE_RETAINED,
                MemoryCategory.UNEXPLAINED);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        // with NMT off, metaspace (mmap'ed, never in glibc's heaps) is in 'unexplained' and the JVM's malloc for new
        // classes (symbols, ~4 KiB a class) in the glibc heaps: while classes are being loaded only the glibc heaps
        // count, and only as a hint, so class loading (named by the class-loading rules) is not taken for a native leak
        boolean metadataUnknown = g.nmtOff() && g.classesLoading();
        Trend unclaimed = metadataUnknown ? g.series("glibcMalloc", s -> sum(s, GLIBC_MALLOC))
                : g.unclaimedMalloc();
        OptionalLong container = containerLimitOfUnclaimed(g, unclaimed);
        Optional<Severity> rise = g.severity(unclaimed, Growth.MIN_GROWTH_BYTES, container);
        if (rise.isEmpty()) {
            return Optional.empty();
        }
        // a container limit near at hand stays critical, whoever holds the memory
        double compilerPeak = g.nmtOff() ? 0 : g.resident(MemoryCategory.COMPILER).max();
        Trend jit = rise.get() == Severity.CRITICAL ? null : g.jitCompiling()
                .filter(code -> unclaimed.growth() <= Math.max(JIT_RETENTION_RATIO * code.growth(), compilerPeak)).orElse(null);
        Optional<Severity> severity = rise.map(v -> metadataUnknown || jit != null ? Severity.INFO : v);
        boolean nmtOff = g.nmtOff();
        List<String> libraries = g.recording().nativeLibraries();
        String library = libraries.size() == 1 ? libraries.get(0) : null;
        return Optional.of(new Finding("NATIVE_MALLOC_GROWTH", severity.get(),
                (nmtOff ? "Native memory (malloc) grows by " : "Native memory outside the JVM's tracking grows by ")
                        + Sizes.format(Math.round(unclaimed.slopePerSecond())) + "/s",
                summary(nmtOff),
                evidence(g, unclaimed, container, metadataUnknown, jit, compilerPeak, libraries),
                remedy(g, nmtOff, library, jit != null),
                library != null ? new Culprit(library, null, null, null) : null));
    }

    private static String summary(boolean nmtOff) {
        return (nmtOff ? "The growth is malloc'ed memory outside the heap, the code cache and the direct buffer pool."
                + " With NMT off it may be the JVM's own (Unsafe.allocateMemory, JIT, GC) or a JNI library's;"
                + " a steady rise over a watch is most often a JNI library or java.util.zip object that is never"
                + " closed."
                : "The growth is malloc'ed memory that NMT does not see: JNI libraries (compression, databases,"
                + " crypto, image codecs) and native agents.")
                + " Typical causes are native objects that are never closed (Deflater/Inflater, zstd streams,"
                + " RocksDB iterators, JNA memory) and rely on a finalizer or cleaner that never runs.";
    }

    private static Long sum(Sample s, List<MemoryCategory> rows) {
        long sum = 0;
        for (MemoryCategory c : rows) {
            sum += s.resident(c);
        }
        return sum;
    }

    /** The container limit as a limit of the unclaimed rows: what is left of it at the end plus what they hold. */
    private static OptionalLong containerLimitOfUnclaimed(Growth g, Trend unclaimed) {
        Long limit = g.recording().containerLimitBytes();
        return limit == null || g.last().rssBytes() == null ? OptionalLong.empty()
                : OptionalLong.of(limit - g.last().rssBytes() + Math.round(unclaimed.lastObserved()));
    }

    private static List<String> evidence(Growth g, Trend unclaimed, OptionalLong container, boolean metadataUnknown,
                                         Trend jit, double compilerPeak, List<String> libraries) {
        boolean nmtOff = g.nmtOff();
        List<String> evidence = new ArrayList<>();
        evidence.add((metadataUnknown ? "malloc'ed memory in glibc's heap and arenas (anonymous memory left out: classes"
                + " are being loaded and, with NMT off, neither their metadata nor the JVM's malloc for them can be told"
                + " from a native leak; hence only info) "
                : nmtOff ? "malloc'ed and unexplained memory (glibc heap and arenas, free but kept, anonymous) "
                : "malloc not tracked by NMT (untracked, in glibc arenas, free but kept, unexplained) ")
                + Growth.describeBytes(unclaimed));
        evidence.add("RSS " + Growth.describeBytes(g.rss()));
        Trend arenas = g.resident(MemoryCategory.MALLOC_ARENAS);
        if (arenas.growth() > unclaimed.growth() / 2) {
            evidence.add("most of it in glibc's per-thread arenas, i.e. malloc'ed by threads other than the main thread: "
                    + Growth.describeBytes(arenas));
        }
        if (jit != null) {
            evidence.add("the JIT is still compiling, code cache used " + Growth.describeBytes(jit)
                    + (compilerPeak >= 1 << 20 ? ", the compiler holding up to " + Sizes.format(Math.round(compilerPeak))
                    + " at once (NMT)" : "")
                    + ": C2 frees its working memory after each compilation and glibc keeps it in the compiler threads'"
                    + " arenas, so growth up to " + JIT_RETENTION_RATIO + " times the code cache's"
                    + (nmtOff ? "" : " or the compiler's peak") + " is not yet a leak (hence only info)");
        }
        String limit = Growth.timeTo(unclaimed, container, "the container limit");
        if (limit != null) {
            evidence.add(limit);
        }
        if (!libraries.isEmpty()) {
            evidence.add("native libraries from outside the JDK: " + String.join(", ", libraries));
        }
        if (nmtOff) {
            evidence.add("NMT is off: the JVM's own malloc (Unsafe.allocateMemory, JIT, GC) cannot be told from JNI"
                    + " libraries' here; a malloc profile names the allocating library and Java method");
        }
        return evidence;
    }

    private static String remedy(Growth g, boolean nmtOff, String library, boolean jitCompiling) {
        long pid = g.recording().pid();
        String again = jitCompiling ? "Watch again once the code cache is flat (the JIT warmed up): growth that goes on"
                + " then is a leak. " : "";
        String close = " Close native resources explicitly (try-with-resources)"
                + (library != null ? "; start with the users of " + library : "") + ".";
        if (nmtOff) {
            return again + "Confirm without a restart: 'offheap profile " + pid + "' (the growth profile: sampled page faults"
                    + " with Java and native frames) names the library, the JNI method and the Java caller that grow RSS, and"
                    + " 'offheap heap --dump " + pid + "' counts Deflater/Inflater objects that were never ended"
                    + " (ZIP_STREAMS_NOT_ENDED)." + close;
        }
        return again + "Find the allocating stacks without restarting: 'offheap profile " + pid + " --duration 60s'"
                + " (the growth profile: sampled page faults with Java and native frames; --malloc then tells leak from"
                + " churn)." + close;
    }
}
