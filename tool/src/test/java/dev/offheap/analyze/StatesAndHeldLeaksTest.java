package dev.offheap.analyze;

import static dev.offheap.analyze.Recordings.MIB;
import static dev.offheap.analyze.Recordings.map;
import static dev.offheap.analyze.Recordings.recording;
import static dev.offheap.analyze.Recordings.sample;
import static dev.offheap.analyze.Recordings.samples;
import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Finding;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Limits reached are states that hold whatever the growth does; a leak that stopped stays named while its memory is
 * not freed; only trends a finding stands behind get a time to their limit. Recordings built in code, one sample a
 * second, analysed as a watch (the whole recording) and as the exporter does (a sliding window, cycle after cycle).
 */
class StatesAndHeldLeaksTest {
    private static final Map<String, String> MAX_DIRECT_96M = Map.of("MaxDirectMemorySize", Long.toString(96 * MIB));

    /** A direct leak from 16 MiB by 4 MiB a second up to {@code stopMib}, then flat; a steady JVM otherwise. */
    private static Sample directLeak(int i, long stopMib) {
        long direct = Math.min(stopMib, 16 + 4L * i) * MIB;
        return sample(i, 200 * MIB + direct, map("direct-buffers", direct, "java-heap", 40 * MIB), map(),
                map("Other", direct), direct, 15L, 3000L, null);
    }

    private static Optional<Finding> finding(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    private static CategoryGrowth row(WatchReport w, String name) {
        return w.growth().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    /** The exporter's way: every second the analysis of the last {@code window} samples, held leaks carried on. */
    private static List<List<Finding>> cycles(int n, int window, Map<String, String> flags, IntFunction<Sample> at) {
        List<Sample> all = samples(n, at);
        HeldLeaks held = HeldLeaks.NONE;
        List<List<Finding>> out = new ArrayList<>();
        for (int end = 1; end <= n; end++) {
            Recording r = recording("17.0.15+6", "summary", flags, all.subList(Math.max(0, end - window), end));
            RecordingAnalyzer.Continued c = RecordingAnalyzer.analyze(r, held);
            held = c.held();
            out.add(c.report().findings());
        }
        return out;
    }

    @Test
    void aDirectLeakAtMaxDirectMemorySizeIsExhaustedWhateverItsGrowthDoes() {
        // 16 MiB + 4 MiB/s reaches 96 MiB at second 20, then stays there for 40 s
        WatchReport w = RecordingAnalyzer.analyze(recording("17.0.15+6", "summary", MAX_DIRECT_96M,
                samples(60, i -> directLeak(i, 96))));
        Finding exhausted = finding(w.findings(), "DIRECT_MEMORY_EXHAUSTED").orElseThrow();
        assertThat(exhausted.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(w.findings().get(0).id()).isEqualTo("DIRECT_MEMORY_EXHAUSTED");
        assertThat(exhausted.title()).isEqualTo("Direct memory is exhausted: MaxDirectMemorySize is reached");
        assertThat(exhausted.evidence().get(0)).isEqualTo("direct buffer pool 96.0 MiB of 96.0 MiB (100%), 0 B left of"
                + " MaxDirectMemorySize, 96 buffers");
        // the growth levelled off 40 s ago: the leak is still named, held at warning
        Finding held = finding(w.findings(), "DIRECT_BUFFER_GROWTH").orElseThrow();
        assertThat(held.severity()).isEqualTo(Severity.WARNING);
        assertThat(held.title()).endsWith(", then stopped: 80.0 MiB still held");
        assertThat(held.evidence().get(0)).startsWith("direct-buffers rose from 16.0 MiB to 96.0 MiB and stopped growing ")
                .endsWith("ago; now 96.0 MiB: 80.0 MiB not freed since the steady state");

        // at 91 MiB of 96 MiB it is nearly exhausted: a warning
        WatchReport near = RecordingAnalyzer.analyze(recording("17.0.15+6", "summary", MAX_DIRECT_96M,
                samples(60, i -> directLeak(i, 88))));
        assertThat(finding(near.findings(), "DIRECT_MEMORY_EXHAUSTED").map(Finding::severity)).hasValue(Severity.WARNING);
        // far from it: nothing
        WatchReport far = RecordingAnalyzer.analyze(recording("17.0.15+6", "summary", MAX_DIRECT_96M,
                samples(60, i -> directLeak(i, 40))));
        assertThat(finding(far.findings(), "DIRECT_MEMORY_EXHAUSTED")).isEmpty();
    }

    @Test
    void inTheExportersWindowsALeakThatRanIntoItsLimitKeepsItsFindingAndTheLimitItsState() {
        // a 10-sample window: the growth has left the window 10 s after it stopped
        List<List<Finding>> cycles = cycles(60, 10, MAX_DIRECT_96M, i -> directLeak(i, 96));
        // while it grows towards the limit within 15 minutes: critical
        assertThat(finding(cycles.get(12), "DIRECT_BUFFER_GROWTH").map(Finding::severity)).hasValue(Severity.CRITICAL);
        for (int c = 14; c < 60; c++) {
            assertThat(finding(cycles.get(c), "DIRECT_BUFFER_GROWTH")).as("the leak's finding in cycle %d", c).isPresent();
        }
        for (int c = 21; c < 60; c++) {
            assertThat(finding(cycles.get(c), "DIRECT_MEMORY_EXHAUSTED").map(Finding::severity)).as("cycle %d", c)
                    .hasValue(Severity.CRITICAL);
        }
        assertThat(finding(cycles.get(59), "DIRECT_BUFFER_GROWTH").map(Finding::severity)).hasValue(Severity.WARNING);
    }

    @Test
    void aNativeLeakThatStopsStaysNamedUntilItsMemoryIsFreed() {
        // NMT off: malloc'ed memory rises 8 MiB/s for 20 s, stays for 30 s, then glibc gives it back at second 50
        IntFunction<Sample> leak = i -> {
            long leaked = i < 50 ? Math.min(i, 20) * 8 * MIB : 0;
            return sample(i, 100 * MIB + leaked, map("malloc-arenas", 10 * MIB + leaked, "java-heap", 30 * MIB), map(), map(),
                    null, 20L, 3000L + (i % 2), null);
        };
        List<List<Finding>> cycles = cycles(60, 10, Map.of(), leak);
        for (int c = 8; c < 50; c++) {
            assertThat(finding(cycles.get(c), "NATIVE_MALLOC_GROWTH")).as("the leak's finding in cycle %d", c).isPresent();
        }
        assertThat(finding(cycles.get(45), "NATIVE_MALLOC_GROWTH").map(Finding::severity)).hasValue(Severity.WARNING);
        assertThat(finding(cycles.get(45), "NATIVE_MALLOC_GROWTH").orElseThrow().evidence().get(0))
                .contains("160 MiB not freed since the steady state");
        for (int c = 50; c < 60; c++) {
            assertThat(finding(cycles.get(c), "NATIVE_MALLOC_GROWTH")).as("freed: cycle %d", c).isEmpty();
        }
        // a watch of the same JVM over the 50 s names it too, and one after the memory was freed does not
        Recording watched = recording("17.0.15+6", "off", Map.of(), samples(50, leak));
        assertThat(finding(RecordingAnalyzer.analyze(watched).findings(), "NATIVE_MALLOC_GROWTH")).isPresent();
        assertThat(finding(RecordingAnalyzer.analyze(watched.withSamples(samples(60, leak), List.of())).findings(),
                "NATIVE_MALLOC_GROWTH")).isEmpty();
    }

    @Test
    void growthWhileTheJvmWarmsUpIsNotHeldOnceItLevelsOff() {
        // classes loading for 30 s with metaspace and malloc rising, then all flat: a warm-up, in window after window
        IntFunction<Sample> warm = i -> {
            long rise = Math.min(i, 30) * 2 * MIB;
            return sample(i, 200 * MIB + rise, map("metaspace", 10 * MIB + rise / 2, "malloc-arenas", 10 * MIB + rise / 2),
                    map("metaspace", 10 * MIB + rise / 2), map(), null, 20L, 1000L + Math.min(i, 30) * 100L, null);
        };
        List<List<Finding>> cycles = cycles(60, 10, Map.of(), warm);
        assertThat(cycles.get(59)).as("findings after the warm-up").allMatch(f -> f.severity() == Severity.INFO);
        assertThat(RecordingAnalyzer.analyze(recording("17.0.15+6", "summary", Map.of(), samples(60, warm))).findings())
                .allMatch(f -> f.severity() == Severity.INFO);
    }

    @Test
    void onlyTrendsAFindingStandsBehindGetATimeToTheirLimit() {
        // the heap filling towards -Xmx, the code cache rising while the JIT compiles, and a direct leak
        Recording r = recording("17.0.15+6", "summary", Map.of("ReservedCodeCacheSize", Long.toString(240 * MIB)),
                samples(30, i -> {
                    Sample s = directLeak(i, 1000);
                    Map<String, Long> resident = new java.util.HashMap<>(s.residentBytes());
                    resident.put("java-heap", 20 * MIB + i * 4 * MIB);
                    resident.put("code-cache", 8 * MIB + i * MIB / 5);
                    return new Sample(s.takenAtMillis(), s.rssBytes() + i * 4 * MIB, resident, map("java-heap", 256 * MIB),
                            s.nmtCommittedBytes(), s.loadedClasses(), s.unloadedClasses(), s.liveThreads(), s.osThreads(),
                            s.directCount(), s.directBytes(), 8 * MIB + i * MIB / 5, 240 * MIB, true, null);
                }));
        WatchReport w = RecordingAnalyzer.analyze(r);
        assertThat(row(w, "java-heap").secondsToLimit()).as("the heap towards MaxHeapSize").isNull();
        assertThat(row(w, "code-cache").secondsToLimit()).as("the code cache while the JIT compiles").isNull();
        assertThat(row(w, "direct-buffers (pool)").secondsToLimit()).as("the direct leak").isNotNull();
        assertThat(row(w, "direct-buffers (pool)").limitName()).isEqualTo("MaxDirectMemorySize");

        // the same heap and code cache without the leak: no time to any limit at all, not even the container's
        Recording healthy = new Recording(r.pid(), r.version(), r.flags(), r.jvmArguments(), r.nmtMode(), 4096 * MIB, null,
                List.of(), r.samples().stream().map(s -> new Sample(s.takenAtMillis(), s.rssBytes() - s.directBytes(),
                        map("java-heap", s.residentBytes().get("java-heap"), "code-cache", s.residentBytes().get("code-cache")),
                        s.committedBytes(), map(), s.loadedClasses(), s.unloadedClasses(), s.liveThreads(), s.osThreads(),
                        null, null, s.codeCacheUsedBytes(), s.codeCacheSizeBytes(), true, null)).toList(), List.of(), List.of());
        WatchReport h = RecordingAnalyzer.analyze(healthy);
        assertThat(h.findings()).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(h.growth()).allMatch(g -> g.secondsToLimit() == null);
    }

    @Test
    void metaspaceWhileAJvmFirstLoadsItsClassesGetsNoTimeToItsLimitAndLaterItDoes() {
        // 100 classes and 1 MiB of metaspace a second towards MaxMetaspaceSize=256m: CLASSLOADER_LEAK and METASPACE_GROWTH
        List<Sample> loading = samples(20, i -> sample(i, 300 * MIB + i * MIB, map("metaspace", 20 * MIB + i * MIB),
                map("metaspace", 20 * MIB + i * MIB), map(), null, 15L, 2000L + i * 100L, null));
        Recording base = recording("17.0.15+6", "summary", Map.of("MaxMetaspaceSize", Long.toString(256 * MIB)), loading);
        long firstSample = loading.get(0).takenAtMillis();
        for (long age : List.of(10_000L, 3_600_000L)) {
            Recording r = new Recording(base.pid(), base.version(), base.flags(), base.jvmArguments(), base.nmtMode(), null, null,
                    List.of(), loading, List.of(), List.of(), firstSample - age);
            WatchReport w = RecordingAnalyzer.analyze(r);
            assertThat(w.findings()).as("a JVM %d s old", age / 1000).extracting(Finding::id).contains("METASPACE_GROWTH");
            if (age < Growth.FIRST_LOADING_SECONDS * 1000) {
                assertThat(row(w, "metaspace").secondsToLimit()).as("metaspace of a JVM started 10 s before").isNull();
            } else {
                assertThat(row(w, "metaspace").secondsToLimit()).as("metaspace of a JVM started an hour before").isNotNull();
                assertThat(row(w, "metaspace").limitName()).isEqualTo("MaxMetaspaceSize");
            }
        }
    }
}
