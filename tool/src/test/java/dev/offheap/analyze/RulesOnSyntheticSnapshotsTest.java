package dev.offheap.analyze;

import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.model.Budget;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.Report;
import dev.offheap.model.Severity;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Budget and malloc rules on snapshots written as text, so each number is known. */
class RulesOnSyntheticSnapshotsTest {
    private static final long MIB = 1 << 20;

    private static String mapping(long start, long sizeMib, String perms, long rssMib, String path) {
        return String.format("%x-%x %s 00000000 00:00 0 %s%nSize: %d kB%nRss: %d kB%nPss: %d kB%nAnonymous: %d kB%nSwap: 0 kB%n",
                start, start + sizeMib * MIB, perms, path, sizeMib * 1024, rssMib * 1024, rssMib * 1024, rssMib * 1024);
    }

    private static SnapshotSources sources(String smaps, long rssMib, String extraName, String extraText) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(SnapshotSources.META, "pid=42\ntakenAt=1700000000000\n".getBytes());
        files.put(SnapshotSources.SMAPS, smaps.getBytes());
        files.put(SnapshotSources.STATUS, ("Name:\tjava\nPid:\t42\nVmRSS:\t" + rssMib * 1024 + " kB\nThreads:\t20\n").getBytes());
        files.put(SnapshotSources.VM_VERSION, "42:\nOpenJDK 64-Bit Server VM version 17.0.15+6-Debian-1deb12u1\nJDK 17.0.15\n".getBytes());
        files.put(SnapshotSources.VM_FLAGS, ("-XX:MaxHeapSize=67108864 -XX:MaxMetaspaceSize=67108864 -XX:MaxDirectMemorySize=67108864"
                + " -XX:ReservedCodeCacheSize=50331648 -XX:ThreadStackSize=1024 -XX:NativeMemoryTracking=off\n").getBytes());
        if (extraName != null) {
            files.put(extraName, extraText.getBytes());
        }
        return new SnapshotSources(files);
    }

    private static Optional<Finding> finding(Report r, String id) {
        return r.findings().stream().filter(f -> f.id().equals(id)).findFirst();
    }

    @Test
    void rssFarAboveTheBudgetIsCriticalAndNamesTheLargestRowOutsideTheHeap() {
        String smaps = mapping(0x7f0000000000L, 1024, "rw-p", 1024, "") + mapping(0x7f1000000000L, 4, "rw-p", 4, "[heap]");
        Report r = Analyzer.analyze(SnapshotAssembler.assemble(sources(smaps, 1028, null, null)));
        // budget: 64 heap + 64 metaspace + 64 direct + 48 code + 20 x 1 stacks + 64 + 6.4 margin
        long budget = (64 + 64 + 64 + 48 + 20 + 64) * MIB + 64 * MIB / 10;
        assertThat(r.budget().totalBytes()).isEqualTo(budget);
        Finding f = finding(r, "RSS_OVER_BUDGET").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence().get(0)).startsWith("RSS 1.0 GiB is ").contains("over the budget of");
        assertThat(r.explained().resident(MemoryCategory.UNEXPLAINED)).isEqualTo(1024 * MIB);
        assertThat(r.findings().get(0).id()).isEqualTo("RSS_OVER_BUDGET");
    }

    @Test
    void withoutNmtTheBudgetTakesMetaspaceFromThePerformanceCountersOrSaysItIsUnknown() {
        String smaps = mapping(0x7f1000000000L, 100, "rw-p", 100, "");
        SnapshotSources src = sources(smaps, 100, null, null).with(SnapshotSources.VM_FLAGS,
                "-XX:MaxHeapSize=268435456 -XX:MaxDirectMemorySize=0 -XX:NativeMemoryTracking=off\n");
        Snapshot base = SnapshotAssembler.assemble(src);
        Budget unknown = Analyzer.analyze(base).budget();
        assertThat(unknown.parts()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("metaspace unknown (NMT off, no GC yet)");
            assertThat(p.bytes()).isZero();
        });
        Snapshot counted = new Snapshot(base.pid(), base.takenAtMillis(), base.status(), base.memoryMap(), base.environment(),
                base.cgroup(), base.version(), base.flags(), base.commandLine(), base.nmt(),
                new PerfCounters(Map.of("sun.gc.metaspace.capacity", "327680")), base.bufferPools(), base.codeCache(), base.jvmRegions(),
                base.glibcHeaps(), base.mallocInfo(), base.systemMap(), base.residency(), base.threads(), base.notes());
        assertThat(Analyzer.analyze(counted).budget().parts()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("metaspace");
            assertThat(p.bytes()).isEqualTo(327680);
            assertThat(p.basis()).contains("performance counters");
        });
    }

    @Test
    void unlimitedDirectMemorySuggestsALimitFromTheUseWhenKnownAndTheWatchWhenNot() {
        String smaps = mapping(0x7f1000000000L, 300, "rw-p", 300, "");
        String flags = "-XX:MaxHeapSize=268435456 -XX:MaxDirectMemorySize=0 -XX:NativeMemoryTracking=off\n";
        SnapshotSources unknown = sources(smaps, 300, null, null).with(SnapshotSources.VM_FLAGS, flags);
        Finding withoutPools = finding(Analyzer.analyze(SnapshotAssembler.assemble(unknown)), "DIRECT_MEMORY_UNLIMITED").orElseThrow();
        assertThat(withoutPools.severity()).isEqualTo(Severity.INFO);
        assertThat(withoutPools.remedy()).contains("'offheap watch 42' shows the direct buffers in use").doesNotContain("twice");
        SnapshotSources known = unknown.with(SnapshotSources.BUFFER_POOLS, "1700000000000;direct,150," + 150 * MIB + "," + 150 * MIB + "\n");
        Finding withPools = finding(Analyzer.analyze(SnapshotAssembler.assemble(known)), "DIRECT_MEMORY_UNLIMITED").orElseThrow();
        assertThat(withPools.severity()).isEqualTo(Severity.WARNING);
        assertThat(withPools.remedy()).contains("-XX:MaxDirectMemorySize=512m, twice the current use");
    }

    @Test
    void aReportNamesDirectMemoryAndMetaspaceAtTheirLimitsFromThePoolsAndTheCounters() {
        // MaxDirectMemorySize and MaxMetaspaceSize are 64 MiB in these flags
        String smaps = mapping(0x7f1000000000L, 200, "rw-p", 200, "");
        SnapshotSources full = sources(smaps, 200, SnapshotSources.BUFFER_POOLS, "1700000000000;direct,63," + 63 * MIB + ","
                + 63 * MIB + "\n");
        Report r = Analyzer.analyze(SnapshotAssembler.assemble(full));
        Finding direct = finding(r, "DIRECT_MEMORY_EXHAUSTED").orElseThrow();
        assertThat(direct.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(direct.evidence().get(0)).isEqualTo("direct buffer pool 63.0 MiB of 64.0 MiB (98%), 1.0 MiB left of"
                + " MaxDirectMemorySize, 63 buffers");
        assertThat(finding(r, "METASPACE_EXHAUSTED")).as("metaspace unknown (NMT off, no counters)").isEmpty();

        SnapshotSources near = sources(smaps, 200, SnapshotSources.BUFFER_POOLS, "1700000000000;direct,58," + 58 * MIB + ","
                + 58 * MIB + "\n");
        Snapshot base = SnapshotAssembler.assemble(near);
        Snapshot counted = new Snapshot(base.pid(), base.takenAtMillis(), base.status(), base.memoryMap(), base.environment(),
                base.cgroup(), base.version(), base.flags(), base.commandLine(), base.nmt(),
                new PerfCounters(Map.of("sun.gc.metaspace.capacity", Long.toString(62 * MIB))), base.bufferPools(), base.codeCache(),
                base.jvmRegions(), base.glibcHeaps(), base.mallocInfo(), base.systemMap(), base.residency(), base.threads(),
                base.notes());
        Report n = Analyzer.analyze(counted);
        assertThat(finding(n, "DIRECT_MEMORY_EXHAUSTED").map(Finding::severity)).as("58 of 64 MiB").hasValue(Severity.WARNING);
        Finding meta = finding(n, "METASPACE_EXHAUSTED").orElseThrow();
        assertThat(meta.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(meta.title()).isEqualTo("Metaspace is exhausted: MaxMetaspaceSize is reached");
        assertThat(meta.evidence().get(0)).isEqualTo("metaspace and class space committed 62.0 MiB of 64.0 MiB (97%), 2.0 MiB"
                + " left of MaxMetaspaceSize");
        assertThat(n.findings().get(0).id()).as("the limit reached comes first").isEqualTo("METASPACE_EXHAUSTED");
    }

    @Test
    void freedMemoryThatGlibcKeepsIsItsOwnRowAndAFinding() {
        String smaps = mapping(0x7f1000000000L, 400, "rw-p", 400, "[heap]");
        String mallocInfo = "<malloc version=\"1\">\n<heap nr=\"0\">\n<sizes>\n</sizes>\n<total type=\"fast\" count=\"0\" size=\"0\"/>\n"
                + "<total type=\"rest\" count=\"9\" size=\"" + 200 * MIB + "\"/>\n<system type=\"current\" size=\"" + 400 * MIB + "\"/>\n"
                + "</heap>\n<total type=\"fast\" count=\"0\" size=\"0\"/>\n<total type=\"rest\" count=\"9\" size=\"" + 200 * MIB + "\"/>\n"
                + "<total type=\"mmap\" count=\"0\" size=\"0\"/>\n<system type=\"current\" size=\"" + 400 * MIB + "\"/>\n</malloc>\n";
        Report r = Analyzer.analyze(SnapshotAssembler.assemble(sources(smaps, 400, SnapshotSources.NATIVE_HEAP_INFO, mallocInfo)));
        assertThat(r.explained().resident(MemoryCategory.MALLOC_FREE_RETAINED)).isEqualTo(200 * MIB);
        assertThat(r.explained().resident(MemoryCategory.MALLOC_UNTRACKED)).isEqualTo(200 * MIB);
        Finding f = finding(r, "NATIVE_HEAP_RETAINED").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence().get(0)).startsWith("200 MiB free but kept by glibc (50% of RSS)");
        assertThat(f.remedy()).contains("jcmd 42 System.trim_native_heap");
    }

    @Test
    void arenaHeapsFoundByLayoutAloneAreCountedAndReported() {
        StringBuilder smaps = new StringBuilder();
        long base = 0x7f2000000000L;
        for (int i = 0; i < 6; i++) {
            long start = base + i * 64 * MIB;
            smaps.append(mapping(start, 40, "rw-p", 40, "")).append(mapping(start + 40 * MIB, 24, "---p", 0, ""));
        }
        Report r = Analyzer.analyze(SnapshotAssembler.assemble(sources(smaps.toString(), 240, null, null)));
        // without /proc/PID/mem the heaps stay unconfirmed, and count as arenas
        assertThat(r.explained().resident(MemoryCategory.MALLOC_ARENAS)).isEqualTo(240 * MIB);
        Finding f = finding(r, "GLIBC_ARENAS").orElseThrow();
        assertThat(f.evidence().get(0)).isEqualTo("6 glibc arenas in 6 heaps hold 240 MiB resident (100% of RSS 240 MiB); found by their 64 MiB layout");
        assertThat(f.evidence().get(1)).isEqualTo("MALLOC_ARENA_MAX is not set: glibc allows 8 arenas per core");
        assertThat(f.remedy()).contains("MALLOC_ARENA_MAX=2", "libjemalloc.so.2");
    }

    @Test
    void aJvmWithinItsBudgetAndNoLimitGetsNoWarning() {
        String smaps = mapping(0x7f0000000000L, 64, "rw-p", 32, "") + mapping(0x7f1000000000L, 8, "rw-p", 8, "[heap]");
        Report r = Analyzer.analyze(SnapshotAssembler.assemble(sources(smaps, 40, null, null)));
        assertThat(r.findings()).allMatch(f -> f.severity() == Severity.INFO);
    }

    @Test
    void aSnapshotWhoseCodeCacheIsFullSaysTheJitStoppedAndOneWithRoomSaysNothing() {
        String smaps = mapping(0x7f0000000000L, 64, "rw-p", 32, "") + mapping(0x7f1000000000L, 8, "rw-p", 8, "[heap]");
        // JDK 17's Compiler.codecache of a 48 MiB cache (ReservedCodeCacheSize=50331648 in the flags) after the JIT stopped
        String full = """
                CodeHeap 'non-profiled nmethods': size=21296Kb used=21270Kb max_used=21290Kb free=26Kb
                 bounds [0x00007f2a00ec7000, 0x00007f2a01137000, 0x00007f2a08400000]
                CodeHeap 'profiled nmethods': size=21292Kb used=21281Kb max_used=21290Kb free=11Kb
                 bounds [0x00007f29f9400000, 0x00007f29f9670000, 0x00007f2a00938000]
                CodeHeap 'non-nmethods': size=6564Kb used=1380Kb max_used=1412Kb free=5184Kb
                 bounds [0x00007f2a00938000, 0x00007f2a00ba8000, 0x00007f2a00ec7000]
                 total_blobs=41873 nmethods=40710 adapters=801
                 compilation: disabled (not enough contiguous free space left)
                              stopped_count=1, restarted_count=0
                 full_count=1
                """;
        Report r = Analyzer.analyze(SnapshotAssembler.assemble(sources(smaps, 40, SnapshotSources.CODE_CACHE, full)));
        Finding f = finding(r, "CODE_CACHE_FULL").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).containsExactly("code cache 42.9 MiB used of 48.0 MiB (89%), ReservedCodeCacheSize=48.0 MiB",
                "Compiler.codecache: compilation disabled");
        assertThat(f.remedy()).startsWith("Raise the limit: -XX:ReservedCodeCacheSize=256m (now 48m).");
        assertThat(r.findings().get(0).id()).isEqualTo("CODE_CACHE_FULL");

        String room = full.replace("used=21270Kb", "used=2270Kb").replace("used=21281Kb", "used=2281Kb")
                .replace("disabled (not enough contiguous free space left)", "enabled");
        Report healthy = Analyzer.analyze(SnapshotAssembler.assemble(sources(smaps, 40, SnapshotSources.CODE_CACHE, room)));
        assertThat(finding(healthy, "CODE_CACHE_FULL")).isEmpty();
        assertThat(healthy.findings()).allMatch(x -> x.severity() == Severity.INFO);
    }
}
