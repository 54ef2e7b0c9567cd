package dev.offheap.analyze;

import static dev.offheap.analyze.Recordings.MIB;
import static dev.offheap.analyze.Recordings.map;
import static dev.offheap.analyze.Recordings.recording;
import static dev.offheap.analyze.Recordings.sample;
import static dev.offheap.analyze.Recordings.samples;
import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.ClassStats;
import dev.offheap.model.Finding;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.WatchReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrowthRulesTest {
    @Test
    void jdk8u131WithGrowingInternalGetsTheMemberNameLeak() {
        Recording r = recording("1.8.0_131-b11", "summary", Map.of(), samples(10, i -> sample(i, 300 * MIB + i * 4 * MIB,
                map("jvm-internal", 40 * MIB + i * 4 * MIB), map(), map("Internal", 40 * MIB + i * 4 * MIB), 0L, 20L, 3000L, null)));
        WatchReport w = RecordingAnalyzer.analyze(r);
        Finding f = w.findings().get(0);
        assertThat(f.id()).isEqualTo("METHODHANDLE_MEMBERNAME_LEAK");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).anyMatch(e -> e.contains("older than 8u152"));
        assertThat(f.evidence()).anyMatch(e -> e.contains("from 40.0 MiB to 76.0 MiB in 9 s"));
        assertThat(f.remedy()).contains("8u152");
    }

    @Test
    void jdk8u152WithTheSameGrowthIsNotTheMemberNameLeak() {
        Recording r = recording("1.8.0_152-b16", "summary", Map.of(), samples(10, i -> sample(i, 300 * MIB + i * 4 * MIB,
                map("jvm-internal", 40 * MIB + i * 4 * MIB), map(), map("Internal", 40 * MIB + i * 4 * MIB), 0L, 20L, 3000L, null)));
        assertThat(RecordingAnalyzer.analyze(r).findings()).extracting(Finding::id).doesNotContain("METHODHANDLE_MEMBERNAME_LEAK")
                .contains("UNSAFE_MEMORY_GROWTH");
    }

    @Test
    void aHeapWarmingUpGetsNoWarning() {
        // resident heap rises towards a flat committed heap; everything else flat, with noise
        Recording r = recording("17.0.15+6", "summary", Map.of(), samples(12, i -> sample(i, 200 * MIB + i * 6 * MIB + (i % 2) * MIB,
                map("java-heap", 20 * MIB + i * 6 * MIB, "gc", 9 * MIB + (i % 3) * 100_000L, "malloc-untracked", MIB + (i % 2) * 200_000L),
                map("java-heap", 256 * MIB), map("Java Heap", 256 * MIB, "GC", 9 * MIB, "Other", 100_000L), 0L, 15L, 3000L + i, null)));
        assertThat(RecordingAnalyzer.analyze(r).findings()).allMatch(f -> f.severity() == Severity.INFO);
    }

    @Test
    void classLoadingThatLevelledOffIsAWarmUpAndOneStillGoingIsMetaspaceGrowth() {
        // 40 classes a second for 90 s, then none for 30 s; Metaspace follows
        Recording warm = recording("17.0.15+6", "off", Map.of(), samples(13, i -> sample(i * 10, 300 * MIB,
                map("metaspace", 10 * MIB + Math.min(i, 9) * 2 * MIB), map(), map(), null, 15L, 1000L + Math.min(i, 9) * 400L, null)));
        assertThat(RecordingAnalyzer.analyze(warm).findings()).allMatch(f -> f.severity() == Severity.INFO);
        Recording leak = recording("17.0.15+6", "off", Map.of(), samples(13, i -> sample(i * 10, 300 * MIB,
                map("metaspace", 10 * MIB + i * 2 * MIB), map(), map(), null, 15L, 1000L + i * 400L, null)));
        // no class counters and no loader statistics: nothing says loaders pile up
        assertThat(RecordingAnalyzer.analyze(leak).findings()).extracting(Finding::id).contains("METASPACE_GROWTH")
                .doesNotContain("CLASSLOADER_LEAK");
    }

    @Test
    void onJdk25ReflectionRuleSaysItDoesNotApplyInsteadOfGuessing() {
        ClassStats stats = new ClassStats(map("dev.Loader", 1), map("dev.Loader", 3000), map(), 0, 0);
        Recording r = recording("25.0.1+8-LTS", "summary", Map.of(), samples(10, i -> sample(i, 300 * MIB,
                map(), map("metaspace", 10 * MIB + i * MIB), map(), null, 15L, 1000L + i * 300L, i == 0 || i == 9 ? stats : null)));
        WatchReport w = RecordingAnalyzer.analyze(r);
        assertThat(w.findings()).extracting(Finding::id).doesNotContain("REFLECTION_ACCESSOR_LOADERS");
        assertThat(w.notes()).anyMatch(n -> n.startsWith("REFLECTION_ACCESSOR_LOADERS does not apply: on JDK 25")
                && n.contains("JEP 416"));
    }

    @Test
    void onJdk17DelegatingLoadersPilingUpAreReflectionAccessorsFirst() {
        ClassStats before = new ClassStats(map("jdk.internal.reflect.DelegatingClassLoader", 10), map(), map(), 10, 0);
        ClassStats after = new ClassStats(map("jdk.internal.reflect.DelegatingClassLoader", 910), map(), map(), 910, 0);
        Recording r = recording("17.0.15+6", "summary", Map.of(), samples(10, i -> sample(i, 300 * MIB,
                map(), map("metaspace", 10 * MIB + i * 2 * MIB), map(), null, 15L, 1000L + i * 200L,
                i == 0 ? before : i == 9 ? after : null)));
        List<Finding> findings = RecordingAnalyzer.analyze(r).findings();
        assertThat(findings).extracting(Finding::id).startsWith("REFLECTION_ACCESSOR_LOADERS").contains("METASPACE_GROWTH")
                .doesNotContain("CLASSLOADER_LEAK");
        assertThat(findings.get(0).evidence().get(0)).isEqualTo("910 jdk.internal.reflect.DelegatingClassLoader instances (+900 in the 9 s between the two readings)");
    }

    @Test
    void oldJemallocIsNamedWithItsVersionAndCurrentOneIsNot() {
        Recording base = recording("17.0.15+6", "summary", Map.of(), samples(5, i -> sample(i, 300 * MIB, map(), map(), map(),
                null, 15L, 1000L, null)));
        Recording old = new Recording(base.pid(), base.version(), base.flags(), base.jvmArguments(), base.nmtMode(), null,
                "5.1.0-0-g61efbda7098de6fe64c362d309824864308c36d4", List.of(), base.samples(), List.of(), List.of());
        Recording current = new Recording(base.pid(), base.version(), base.flags(), base.jvmArguments(), base.nmtMode(), null,
                "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c", List.of(), base.samples(), List.of(), List.of());
        Finding f = RecordingAnalyzer.analyze(old).findings().get(0);
        assertThat(f.id()).isEqualTo("JEMALLOC_OLD_VERSION");
        assertThat(f.title()).isEqualTo("jemalloc 5.1.0 is a release with known memory retention problems");
        assertThat(RecordingAnalyzer.analyze(current).findings()).isEmpty();
    }

    @Test
    void directGrowthWithDisableExplicitGcNamesTheFlagFirstAndTheRemedyFitsTheCollector() {
        Recording r = recording("17.0.15+6", "summary", Map.of("DisableExplicitGC", "true", "UseG1GC", "true"),
                samples(10, i -> sample(i, 300 * MIB + i * 8 * MIB, map(), map(), map("Other", 20 * MIB + i * 8 * MIB),
                        20 * MIB + i * 8 * MIB, 15L, 1000L, null)));
        List<Finding> findings = RecordingAnalyzer.analyze(r).findings();
        assertThat(findings).extracting(Finding::id).startsWith("DISABLE_EXPLICIT_GC", "DIRECT_BUFFER_GROWTH")
                .doesNotContain("UNSAFE_MEMORY_GROWTH");
        assertThat(findings.get(0).remedy()).contains("-XX:+ExplicitGCInvokesConcurrent (G1 then runs System.gc()");
        Recording parallel = recording("17.0.15+6", "summary", Map.of("DisableExplicitGC", "true", "UseG1GC", "false",
                "UseParallelGC", "true"), r.samples());
        assertThat(RecordingAnalyzer.analyze(parallel).findings().get(0).remedy()).contains("with the Parallel collector");
    }

    @Test
    void withNmtOffArenaGrowthIsTheNativeLeakAheadOfGlibcArenasAndTheRemedyNeedsNoRestart() {
        Finding arenas = new Finding("GLIBC_ARENAS", Severity.WARNING, "glibc malloc arenas hold 87.4 MiB", "", List.of(), "", null);
        Finding unlimited = new Finding("DIRECT_MEMORY_UNLIMITED", Severity.WARNING, "Direct memory has no limit of its own", "",
                List.of(), "", null);
        Recording base = recording("17.0.15+6", "off", Map.of(), samples(8, i -> sample(i, 100 * MIB + i * 8 * MIB,
                map("malloc-arenas", 30 * MIB + i * 8 * MIB, "unexplained", 3 * MIB, "java-heap", 4 * MIB), map(), map(), 0L,
                20L, 3000L + (i % 2), null)));
        Recording r = new Recording(base.pid(), base.version(), base.flags(), base.jvmArguments(), "off", null, null, List.of(),
                base.samples(), List.of(arenas, unlimited), List.of());
        List<Finding> findings = RecordingAnalyzer.analyze(r).findings();
        assertThat(findings).extracting(Finding::id).containsExactly("NATIVE_MALLOC_GROWTH", "GLIBC_ARENAS", "DIRECT_MEMORY_UNLIMITED");
        Finding f = findings.get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("Native memory (malloc) grows by 8.0 MiB/s");
        assertThat(f.evidence()).anyMatch(e -> e.startsWith("most of it in glibc's per-thread arenas") && e.contains("from 30.0 MiB to 86.0 MiB in 7 s"));
        assertThat(f.evidence()).anyMatch(e -> e.startsWith("NMT is off: the JVM's own malloc (Unsafe.allocateMemory, JIT, GC) cannot be told"));
        assertThat(f.remedy()).contains("'offheap profile 4242'").contains("'offheap heap --dump 4242'").contains("ZIP_STREAMS_NOT_ENDED");

        // in a container the time to its limit is said and, being near, makes it critical ahead of any warning
        Recording contained = new Recording(base.pid(), base.version(), base.flags(), base.jvmArguments(), "off", 300 * MIB, null,
                List.of(), base.samples(), List.of(arenas), List.of());
        Finding c = RecordingAnalyzer.analyze(contained).findings().get(0);
        assertThat(c.id()).isEqualTo("NATIVE_MALLOC_GROWTH");
        assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(c.evidence()).anyMatch(e -> e.matches("at this rate the container limit \\(.+\\) is reached in \\d+ s"));
    }

    @Test
    void withNmtOffGrowthWhileClassesLoadIsOnlyAHintAndLeavesAnonymousMemoryOut() {
        Recording r = recording("17.0.15+6", "off", Map.of(), samples(8, i -> sample(i, 100 * MIB + i * 6 * MIB,
                map("malloc-arenas", 10 * MIB + i * 2 * MIB, "unexplained", 5 * MIB + i * 4 * MIB), map(), map(), 0L, 20L,
                3000L + i * 400L, null)));
        Finding f = RecordingAnalyzer.analyze(r).findings().stream().filter(x -> x.id().equals("NATIVE_MALLOC_GROWTH"))
                .findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence().get(0)).startsWith("malloc'ed memory in glibc's heap and arenas (anonymous memory left out")
                .contains("from 10.0 MiB to 24.0 MiB in 7 s");
    }

    @Test
    void withNmtSummaryTheSameArenaGrowthIsUntrackedMalloc() {
        Recording r = recording("17.0.15+6", "summary", Map.of(), samples(8, i -> sample(i, 100 * MIB + i * 8 * MIB,
                map("malloc-arenas", 30 * MIB + i * 8 * MIB, "malloc-jvm", 2 * MIB), map(), map("Other", 100_000L), 0L, 20L,
                3000L, null)));
        Finding f = RecordingAnalyzer.analyze(r).findings().get(0);
        assertThat(f.id()).isEqualTo("NATIVE_MALLOC_GROWTH");
        assertThat(f.title()).isEqualTo("Native memory outside the JVM's tracking grows by 8.0 MiB/s");
        assertThat(f.evidence()).noneMatch(e -> e.startsWith("NMT is off"));
    }

    @Test
    void untrackedMallocGrowingWhileTheJitCompilesIsInfoUpToTwiceTheCodeCachesGrowth() {
        // NMT detail, 30 s: untracked malloc in arenas rises by 12 MiB while the code cache rises by 18 MiB (C2 warming up)
        Finding warm = nativeGrowth(12 * MIB, 18 * MIB, 0);
        assertThat(warm.severity()).isEqualTo(Severity.INFO);
        assertThat(warm.evidence()).anyMatch(e -> e.startsWith("the JIT is still compiling, code cache used from 2.0 MiB to 20.0 MiB in 29 s")
                && e.endsWith("growth up to 2 times the code cache's or the compiler's peak is not yet a leak (hence only info)"));
        assertThat(warm.remedy()).startsWith("Watch again once the code cache is flat").contains("'offheap profile 4242 --duration 60s'");
        // more than twice the code cache's growth is a leak whatever the JIT does
        Finding leak = nativeGrowth(40 * MIB, 18 * MIB, 0);
        assertThat(leak.severity()).isEqualTo(Severity.WARNING);
        assertThat(leak.evidence()).noneMatch(e -> e.startsWith("the JIT"));
        assertThat(leak.remedy()).startsWith("Find the allocating stacks");
        // so is the same growth with the JIT idle
        assertThat(nativeGrowth(12 * MIB, 0, 0).severity()).isEqualTo(Severity.WARNING);
        // with NMT on, the most the compiler held at once (one large compilation) also bounds what glibc keeps of it
        Finding peak = nativeGrowth(40 * MIB, 18 * MIB, 48 * MIB);
        assertThat(peak.severity()).isEqualTo(Severity.INFO);
        assertThat(peak.evidence()).anyMatch(e -> e.contains("in 29 s (+636 KiB/s; rising in 100% of sample pairs), the compiler"
                + " holding up to 48.0 MiB at once (NMT): C2 frees") && e.contains("code cache's or the compiler's peak"));
        // a container limit near at hand keeps it critical, whoever holds the memory
        Recording warmUp = nativeGrowthRecording(12 * MIB, 18 * MIB, 0);
        Recording contained = new Recording(warmUp.pid(), warmUp.version(), warmUp.flags(), warmUp.jvmArguments(), "detail",
                240 * MIB, null, List.of(), warmUp.samples(), List.of(), List.of());
        Finding near = nativeGrowth(contained);
        assertThat(near.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(near.evidence()).noneMatch(e -> e.startsWith("the JIT"));
    }

    /**
     * NATIVE_MALLOC_GROWTH of a recording at NMT detail where untracked malloc and the code cache rise steadily, and
     * the compiler held {@code compilerPeak} in one sample.
     */
    private static Finding nativeGrowth(long mallocGrowth, long codeGrowth, long compilerPeak) {
        return nativeGrowth(nativeGrowthRecording(mallocGrowth, codeGrowth, compilerPeak));
    }

    private static Finding nativeGrowth(Recording r) {
        return RecordingAnalyzer.analyze(r).findings().stream().filter(f -> f.id().equals("NATIVE_MALLOC_GROWTH")).findFirst()
                .orElseThrow();
    }

    private static Recording nativeGrowthRecording(long mallocGrowth, long codeGrowth, long compilerPeak) {
        int n = 30;
        return recording("17.0.15+6", "detail", Map.of(), samples(n, i -> {
            Sample s = sample(i, 150 * MIB + i * (mallocGrowth + codeGrowth) / (n - 1),
                    map("malloc-arenas", 14 * MIB + i * mallocGrowth / (n - 1), "java-heap", 64 * MIB,
                            "compiler", i == 3 ? compilerPeak : 200_000L), map(), map("Other", 100_000L),
                    0L, 20L, 4000L, null);
            return new Sample(s.takenAtMillis(), s.rssBytes(), s.residentBytes(), s.committedBytes(), s.nmtCommittedBytes(),
                    s.loadedClasses(), s.unloadedClasses(), s.liveThreads(), s.osThreads(), s.directCount(), s.directBytes(),
                    2 * MIB + i * codeGrowth / (n - 1), s.codeCacheSizeBytes(), true, null);
        }));
    }
}
