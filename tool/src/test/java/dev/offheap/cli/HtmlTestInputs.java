package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.HeapProfiles;
import dev.offheap.analyze.ProfileFindings;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.analyze.Recordings;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.Culprit;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.Finding;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Snapshot;
import dev.offheap.model.StackFrame;
import dev.offheap.model.WatchReport;
import dev.offheap.model.heap.BufferHolder;
import dev.offheap.model.heap.ClassLoaderType;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.model.heap.DuplicateClass;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.model.heap.MappedBufferSummary;
import dev.offheap.model.heap.MappedFile;
import dev.offheap.model.heap.NativeOwnerCount;
import dev.offheap.model.heap.ReflectionSummary;
import dev.offheap.model.heap.ZipCounts;
import dev.offheap.saved.SnapshotFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Inputs of the HTML report tests: a real snapshot (the fixture folder), a watch and a malloc profile built in code,
 * and copies of each whose target strings (class, thread, method, library and file names, notes) are hostile.
 */
final class HtmlTestInputs {
    static final long MIB = 1L << 20;
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/snapshot/jdk17-direct-buffers-nmt-summary");

    /** Strings that run script when pasted into HTML unescaped, in text, attribute, SVG and title contexts. */
    static final List<String> HOSTILE = List.of(
            "<script>document.title='PWNED'</script>",
            "\"><img src=x onerror=\"document.title='PWNED'\">",
            "'><svg onload=document.title='PWNED'>",
            "</title></svg></textarea><script>document.title='PWNED'</script>",
            "<iframe srcdoc=\"<script>parent.document.title='PWNED'</script>\"></iframe>",
            "javascript:document.title='PWNED'\u2028\u2029\u0000end");

    private HtmlTestInputs() {
    }

    static String hostile(int i) {
        return HOSTILE.get(i % HOSTILE.size());
    }

    static Report fixtureReport() {
        return Analyzer.analyze(SnapshotAssembler.assemble(SnapshotFolder.read(FIXTURE)));
    }

    /** A watch of 60 s: heap and libraries steady, direct buffers +2 MiB/s, a 512 MiB container limit. */
    static WatchReport growingWatch() {
        List<Sample> samples = Recordings.samples(60, i -> Recordings.sample(i, (200 + 2L * i) * MIB,
                Recordings.map("java-heap", 96 * MIB, "libraries", 24 * MIB, "direct-buffers", (64 + 2L * i) * MIB,
                        "metaspace", 16 * MIB),
                Map.of(), Map.of(), (64 + 2L * i) * MIB, 20L, 4000L, null));
        Recording base = Recordings.recording("17.0.15+6", "summary", Map.of(), samples);
        Recording r = new Recording(base.pid(), base.version(), base.flags(), base.jvmArguments(), base.nmtMode(),
                512 * MIB, null, List.of(), samples, List.of(), List.of());
        return RecordingAnalyzer.analyze(r);
    }

    /** The zstd-jni leak as offheap profile sees it: contexts created through JNI and never closed. */
    static AllocationProfile zstdProfile() {
        List<StackFrame> zoo = List.of(StackFrame.java("com.github.luben.zstd.ZstdCompressCtx.init"),
                StackFrame.java("com.github.luben.zstd.ZstdCompressCtx.<init>"), StackFrame.java("dev.offheap.zoo.ZstdLeak.leak"),
                StackFrame.java("dev.offheap.zoo.ZstdLeak.main"));
        List<AllocationSite> sites = new ArrayList<>();
        sites.add(site(92 * MIB, 25, "libzstd-jni-1.5.7-6.so", zoo, "malloc", "ZSTD_customMalloc", "ZSTD_createCCtx_advanced",
                "Java_com_github_luben_zstd_ZstdCompressCtx_init"));
        sites.add(site(6 * MIB, 1200, "libjvm.so", List.of(StackFrame.java("java.lang.Thread.run")), "malloc",
                "os::malloc", "ChunkPool::allocate", "Arena::grow"));
        sites.add(site(3 * MIB, 40, "libzip.so", List.of(StackFrame.java("java.util.zip.Inflater.init"),
                StackFrame.java("java.util.jar.JarFile.getInputStream")), "malloc", "inflateInit2_", "Java_java_util_zip_Inflater_init"));
        AllocationProfile p = HeapProfiles.profile(sites, List.of("built in code for the HTML test"));
        return new AllocationProfile("nativemem", 30_000L, p.leaked(), p.byLibrary(), p.byJavaMethod(), List.of(), 12 * MIB,
                9000L, MIB, p.notes(), 0L, 27_000L);
    }

    static List<Finding> profileFindings(AllocationProfile p) {
        return ProfileFindings.evaluate(p);
    }

    private static AllocationSite site(long bytes, long count, String library, List<StackFrame> java, String... natives) {
        List<StackFrame> frames = new ArrayList<>();
        for (String n : natives) {
            frames.add(StackFrame.nativeFrame(n, n.equals("malloc") ? "libc.so.6" : library));
        }
        frames.addAll(java);
        return new AllocationSite(frames, bytes, count, library, java.get(0).name());
    }

    /** Findings whose every text field and culprit is hostile. */
    static List<Finding> hostileFindings() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            findings.add(new Finding("DIRECT_BUFFER_GROWTH", i == 0 ? Severity.CRITICAL : Severity.WARNING, "title " + hostile(i),
                    "summary " + hostile(i + 1), List.of("evidence " + hostile(i + 2), "class " + hostile(i + 3)),
                    "remedy " + hostile(i + 4), new Culprit(hostile(i), hostile(i + 1), hostile(i + 2), hostile(i + 3))));
        }
        return findings;
    }

    /** The fixture report with hostile library and file names, notes, cgroup path and findings. */
    static Report hostileReport() {
        Report r = fixtureReport();
        List<CategoryUsage> rows = new ArrayList<>();
        int i = 0;
        for (CategoryUsage u : r.explained().categories()) {
            List<CategoryUsage.UsagePart> parts = new ArrayList<>();
            for (CategoryUsage.UsagePart p : u.parts()) {
                parts.add(new CategoryUsage.UsagePart("/opt/" + hostile(i++) + "/lib.so", p.residentBytes(), hostile(i)));
            }
            rows.add(new CategoryUsage(u.category(), u.residentBytes(), u.committedBytes(), u.reservedBytes(),
                    hostile(i), u.approximate(), parts));
        }
        ExplainedRss e = r.explained();
        ExplainedRss explained = new ExplainedRss(e.rssBytes(), e.mappedRssBytes(), rows, hostile(1), HOSTILE);
        Snapshot s = r.snapshot();
        CgroupMemory cgroup = new CgroupMemory(2, "/kubepods/" + hostile(0), OptionalLong.of(256 * MIB),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Map.of());
        Snapshot hostile = new Snapshot(s.pid(), s.takenAtMillis(), s.status(), s.memoryMap(), s.environment(), cgroup,
                s.version(), s.flags(), s.commandLine(), s.nmt(), s.counters(), s.bufferPools(), s.codeCache(), s.jvmRegions(),
                s.glibcHeaps(), s.mallocInfo(), s.systemMap(), s.residency(), s.threads(), HOSTILE);
        return new Report(hostile, explained, r.budget(), hostileFindings());
    }

    /** The growing watch with hostile notes, findings and a growth row with a hostile name. */
    static WatchReport hostileWatch() {
        WatchReport w = growingWatch();
        List<CategoryGrowth> growth = new ArrayList<>(w.growth());
        growth.add(new CategoryGrowth(hostile(1), 3 * MIB, 1000, 0.9, 120.0, hostile(0)));
        return new WatchReport(w.recording(), growth, hostileFindings(), HOSTILE);
    }

    /** A profile whose frames, libraries, Java methods and notes are hostile. */
    static AllocationProfile hostileProfile() {
        List<AllocationSite> sites = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            List<StackFrame> frames = List.of(StackFrame.nativeFrame(hostile(i), hostile(i + 1)),
                    new StackFrame(hostile(i + 2), null, StackFrame.Kind.UNKNOWN), StackFrame.java(hostile(i + 3)));
            sites.add(new AllocationSite(frames, (i + 1) * 4 * MIB, 10, hostile(i + 1), hostile(i + 3)));
        }
        AllocationProfile p = HeapProfiles.profile(sites, HOSTILE);
        return new AllocationProfile("nativemem", 1000L, p.leaked(), p.byLibrary(), p.byJavaMethod(), sites, MIB, 1L, MIB,
                p.notes(), 0L, 900L);
    }

    /** A growth profile whose frames, threads, libraries (shown, path, origin) and notes are hostile. */
    static dev.offheap.model.GrowthProfile hostileGrowthProfile() {
        List<dev.offheap.model.FaultStack> stacks = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            stacks.add(new dev.offheap.model.FaultStack(List.of(StackFrame.nativeFrame(hostile(i), hostile(i + 1)),
                    StackFrame.java(hostile(i + 3) + ".m")), hostile(i + 2), i, 1000, 1000L * (i + 1)));
        }
        dev.offheap.model.GrowthWindow w = new dev.offheap.model.GrowthWindow(10_000, 100 * MIB, 110 * MIB, 0, 0, 1000, 4096, 10, 10,
                List.of(new dev.offheap.model.GrowthWindow.Chunk(1, 10_000)));
        return dev.offheap.analyze.GrowthProfiles.build(w, List.of(new dev.offheap.model.FaultRecording(stacks, 1000, 0, 0, 1)),
                lib -> new dev.offheap.model.LibraryName(hostile(0), lib, hostile(1), hostile(2)), java.util.Set.of(), HOSTILE);
    }

    /** A heap summary whose class, loader, thread, path and file names are hostile. */
    static HeapSummary hostileHeap() {
        List<BufferHolder> holders = new ArrayList<>();
        List<ClassLoaderType> loaders = new ArrayList<>();
        List<DuplicateClass> duplicates = new ArrayList<>();
        List<NativeOwnerCount> owners = new ArrayList<>();
        List<MappedFile> files = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            holders.add(new BufferHolder("Thread " + hostile(i) + " → threadLocals → " + hostile(i + 1), hostile(i + 2), 3, 2 * MIB));
            loaders.add(new ClassLoaderType(hostile(i), 2, 40, 10));
            duplicates.add(new DuplicateClass(hostile(i), 3));
            owners.add(new NativeOwnerCount(hostile(i), 7));
            files.add(new MappedFile(hostile(i), 1, MIB));
        }
        return new HeapSummary(hostile(3) + ".hprof", "1.0.2", 8, 64 * MIB, false, true,
                new DirectBufferSummary(20, 14, 5, 1, 14 * MIB, MIB, 0L, 9L, 5L, 5 * MIB, holders),
                new MappedBufferSummary(HOSTILE.size(), HOSTILE.size() * MIB, files), new ReflectionSummary(3, 3),
                loaders, duplicates, 12, new ZipCounts(4, 1, 2, 0), owners);
    }
}
