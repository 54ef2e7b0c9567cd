package dev.offheap.live;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.RecordingAnalyzer;
import dev.offheap.analyze.RssAccounting;
import dev.offheap.attach.BufferPoolReader;
import dev.offheap.attach.Jcmd;
import dev.offheap.model.BufferPool;
import dev.offheap.model.BufferPools;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.ClassCounters;
import dev.offheap.model.ClassNames;
import dev.offheap.model.ClassStats;
import dev.offheap.model.CodeCacheUsage;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.Finding;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtReportKind;
import dev.offheap.model.NmtStatus;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.Recording;
import dev.offheap.model.Report;
import dev.offheap.model.Sample;
import dev.offheap.model.Snapshot;
import dev.offheap.model.TargetException;
import dev.offheap.model.ThreadInfo;
import dev.offheap.parse.jcmd.ClassHierarchyParser;
import dev.offheap.parse.jcmd.ClassStatsParser;
import dev.offheap.parse.jcmd.CodeCacheParser;
import dev.offheap.parse.jcmd.JvmRegionParser;
import dev.offheap.parse.jcmd.VmCommandLineParser;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.jcmd.VmVersionParser;
import dev.offheap.parse.nmt.NmtParser;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.proc.ProcReader;
import dev.offheap.proc.ThreadStackPointers;
import dev.offheap.redact.Redactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Samples a live JVM for {@code offheap watch} without safepoint operations: /proc/PID/status and smaps, NMT summary
 * (when on), hsperfdata counters, Compiler.codecache, GC.heap_info, and the buffer pools an agent loaded once
 * republishes. {@code VM.classloader_stats}, {@code VM.class_hierarchy} and {@code GC.class_histogram} (safepoint
 * operations) only on request ({@link ClassStatsSchedule} says when).
 */
public final class LiveSampler {
    /** How often the agent republishes the pools at most: a final report waits for a value newer than NMT's. */
    public static final long AGENT_REFRESH_MILLIS = 1000;
    /** Buffer pools that could not be read are tried again after this (each try may load the agent: JDK 21+ warn). */
    static final long POOLS_RETRY_MILLIS = 10 * 60_000;

    private final long pid;
    private final Redactor redactor;
    private final ProcReader proc;
    private final Jcmd jcmd;
    private final Facts facts;
    private final List<String> notes = new ArrayList<>();
    private boolean poolsLoaded;
    /** Why the buffer pools could not be read, or null; tried again only after {@link #POOLS_RETRY_MILLIS}. */
    private String poolsFailure;
    private long poolsFailedAtMillis;
    /** The parts of the last sample that could not be read. */
    private Map<Part, String> missing = Map.of();

    /** A sampler whose flags, arguments and snapshots have the standard redaction. */
    public LiveSampler(long pid) {
        this(pid, Redactor.standard());
    }

    /** {@code redactor}: what it leaves of the flags, the JVM arguments and the snapshots' configuration. */
    public LiveSampler(long pid, Redactor redactor) {
        this.pid = pid;
        this.redactor = redactor;
        this.proc = new ProcReader(pid);
        this.jcmd = Jcmd.attach(pid); // checks first that the pid is a live HotSpot JVM that can be attached
        this.facts = Facts.read(pid, proc, jcmd, redactor, notes);
    }

    /** What does not change, as the header of a recording (no samples yet). */
    public Recording recording() {
        return recording(List.of(), null);
    }

    /** A recording of this JVM with {@code samples} and the findings of a final snapshot (null: none). */
    public Recording recording(List<Sample> samples, List<Finding> finalFindings) {
        return new Recording(pid, facts.version(), facts.flagMap(), facts.jvmArguments(), facts.nmtMode(),
                facts.containerLimitBytes(), facts.jemallocVersion(), facts.nativeLibraries(), samples, finalFindings, notes,
                facts.startedAtMillis());
    }

    public JvmVersion version() {
        return facts.version();
    }

    /**
     * One sample. {@code pools}: read the buffer pools (the first call loads the agent, its thread republishing them
     * until {@code poolsUntilMillis} at the latest; see {@link #bufferPools});
     * {@code classStats}: also run VM.classloader_stats and GC.class_histogram (safepoint operations).
     */
    public Sample sample(boolean pools, long refreshMillis, long poolsUntilMillis, boolean classStats) {
        Read r = read(pools, refreshMillis, poolsUntilMillis, classStats, false);
        return toSample(r, RssAccounting.explain(r.snapshot()));
    }

    /**
     * {@code VM.classloader_stats} (a safepoint operation), and {@code GC.class_histogram} too when {@code histogram}
     * (a safepoint operation that walks the heap); null when the JVM refused (said in the notes).
     */
    public ClassStats classStats(boolean histogram) {
        try {
            return ClassStatsParser.parse(jcmd.classLoaderStats(), histogram ? jcmd.classHistogram() : null);
        } catch (TargetException e) {
            if (e.reason() == TargetException.Reason.EXITED) {
                throw e;
            }
            note("class statistics not read: " + e.getMessage());
            return null;
        }
    }

    /** {@code VM.class_hierarchy} (a safepoint operation) as name prefixes; null when the JVM refused (said in the notes). */
    public ClassNames classNames() {
        try {
            return ClassHierarchyParser.parse(jcmd.classHierarchy());
        } catch (TargetException e) {
            if (e.reason() == TargetException.Reason.EXITED) {
                throw e;
            }
            note("class names not read: " + e.getMessage());
            return null;
        }
    }

    /**
     * A sample and the analysis of the snapshot it was taken from (budget, the snapshot rules' findings), with the
     * parts that could not be read for it (the sample went on without them), each with its reason.
     */
    public record Analyzed(Sample sample, Report report, Map<Part, String> missing) {
        public Analyzed {
            missing = Map.copyOf(missing);
        }
    }

    /**
     * One sample as {@link #sample} takes it (no safepoint operation), with the cgroup's memory files, analysed as
     * {@code offheap report} analyses a snapshot: the sampler of {@code offheap export}.
     */
    public Analyzed sampleAnalyzed(boolean pools, long refreshMillis, long poolsUntilMillis) {
        return sampleAnalyzed(pools, refreshMillis, poolsUntilMillis, false);
    }

    /** {@link #sampleAnalyzed(boolean, long, long)}, with the class statistics of {@link #sample} when asked. */
    public Analyzed sampleAnalyzed(boolean pools, long refreshMillis, long poolsUntilMillis, boolean classStats) {
        Read r = read(pools, refreshMillis, poolsUntilMillis, classStats, true);
        Report report = Analyzer.analyze(r.snapshot());
        return new Analyzed(toSample(r, report.explained()), report, missing);
    }

    /** What one sample read: the snapshot and the counters that go into the sample beside it. */
    private record Read(Snapshot snapshot, CodeCacheUsage code, BufferPools bufferPools, ClassStats stats) {
    }

    private Read read(boolean pools, long refreshMillis, long poolsUntilMillis, boolean classStats, boolean cgroup) {
        PartReader parts = new PartReader(pid);
        NmtReport nmt = nmt(parts);
        boolean detail = nmt != null && nmt.status() == NmtStatus.REPORTED && nmt.kind().isDetail();
        List<JvmRegion> regions = new ArrayList<>();
        Optional<String> codeCache = parts.read(Part.CODE_CACHE, jcmd::codeCache);
        CodeCacheUsage code = codeCache.flatMap(CodeCacheParser::parse).orElse(null);
        if (!detail) {
            parts.read(Part.HEAP_INFO, () -> regions.addAll(JvmRegionParser.heapInfo(jcmd.run("GC.heap_info"))));
            codeCache.ifPresent(c -> regions.addAll(JvmRegionParser.codeCache(c)));
        }
        BufferPools bufferPools = pools ? bufferPools(parts, refreshMillis, poolsUntilMillis) : null;
        ClassStats stats = classStats ? classStats(true) : null;
        PerfCounters counters = PerfDataFiles.counters(pid, redactor).orElse(null);
        MemoryMap map = proc.smaps().value();
        ProcessStatus status = proc.status().value();
        CgroupMemory cg = !cgroup ? null
                : parts.read(Part.CGROUP, () -> proc.cgroupMemory().map(Parsed::value).orElse(null)).orElse(null);
        List<GlibcHeap> heaps = parts.read(Part.GLIBC_HEAPS, () -> GlibcHeaps.of(pid, map)).orElse(null);
        List<ThreadInfo> threads = parts.read(Part.THREADS, () -> ThreadStackPointers.of(pid)).orElse(List.of());
        long now = System.currentTimeMillis();
        Snapshot s = new Snapshot(pid, now, status, map, null, cg, facts.version(), facts.flags(), null, nmt, counters,
                bufferPools, code, regions, heaps, null, null, Map.of(), threads, List.of());
        missing = parts.missing();
        missing.forEach((part, why) -> note(part.description() + " not read: " + why));
        return new Read(s, code, bufferPools, stats);
    }

    private static Sample toSample(Read r, ExplainedRss explained) {
        Snapshot s = r.snapshot();
        NmtReport nmt = s.nmt();
        Map<String, Long> resident = new HashMap<>();
        Map<String, Long> committed = new HashMap<>();
        for (CategoryUsage u : explained.categories()) {
            resident.put(u.category().text(), u.residentBytes());
            if (u.committedBytes() != null) {
                committed.put(u.category().text(), u.committedBytes());
            }
        }
        Map<String, Long> nmtCommitted = new HashMap<>();
        if (nmt != null && nmt.status() == NmtStatus.REPORTED) {
            for (NmtCategory c : nmt.categories()) {
                nmtCommitted.put(c.tag().text().isEmpty() ? c.rawName() : c.tag().text(), c.committedBytes());
            }
        }
        PerfCounters counters = s.counters();
        CodeCacheUsage code = r.code();
        BufferPool direct = r.bufferPools() == null ? null : r.bufferPools().direct().orElse(null);
        return new Sample(s.takenAtMillis(), explained.rssBytes(), resident, committed, nmtCommitted,
                sum(counters, "java.cls.loadedClasses", "java.cls.sharedLoadedClasses"),
                sum(counters, "java.cls.unloadedClasses", "java.cls.sharedUnloadedClasses"),
                sum(counters, "java.threads.live"), (long) s.status().threads(),
                direct == null ? null : direct.count(), direct == null ? null : direct.usedBytes(),
                code == null ? null : code.usedBytes(), code == null ? null : code.sizeBytes(),
                code == null ? null : code.compilationEnabled(), r.stats(), ClassCounters.of(counters, nmt));
    }

    /** The growth findings over {@code samples} (none with fewer than two). */
    public List<Finding> growthFindings(List<Sample> samples) {
        if (samples.size() < 2) {
            return List.of();
        }
        return RecordingAnalyzer.analyze(recording(samples, null)).findings();
    }

    /**
     * A full snapshot, as {@code offheap report} takes it; {@code pools} is {@link LiveSnapshot.Pools#PUBLISHED} for
     * the pools this sampler's agent publishes (the agent is not loaded a second time).
     */
    public Snapshot snapshot(LiveSnapshot.Pools pools, boolean pagemap) {
        return LiveSnapshot.take(pid, new LiveSnapshot.Options(pools, pagemap, true, redactor));
    }

    /** Notes gathered while sampling (each said once). */
    public List<String> notes() {
        return notes;
    }

    /** NMT summary, or null when NMT is on but could not be read this time. */
    private NmtReport nmt(PartReader parts) {
        if (facts.nmtMode().equals("off")) {
            return NmtReport.ofStatus(NmtStatus.NOT_ENABLED, NmtReportKind.SUMMARY, OptionalLong.of(pid));
        }
        return parts.read(Part.NATIVE_MEMORY,
                () -> NmtParser.parse(jcmd.nativeMemory("summary"), "VM.native_memory summary").value()).orElse(null);
    }

    /**
     * The pools, from an agent loaded once per JVM (JDK 21+ warn at every load): its thread republishes them every
     * second (a few microseconds of the target's CPU), ends at {@code untilMillis}, or once nothing has attached for
     * four sampling intervals (at least a minute), so a killed watch or exporter leaves nothing running. A value
     * that has stopped changing (the thread ended: the target was stopped meanwhile, or a day has passed) loads the
     * agent again.
     */
    private BufferPools bufferPools(PartReader parts, long intervalMillis, long untilMillis) {
        if (poolsFailure != null && System.currentTimeMillis() - poolsFailedAtMillis < POOLS_RETRY_MILLIS) {
            parts.missing(Part.BUFFER_POOLS, poolsFailure);
            return null;
        }
        long refresh = Math.min(intervalMillis, AGENT_REFRESH_MILLIS);
        Optional<BufferPools> pools = parts.read(Part.BUFFER_POOLS, () -> {
            if (poolsLoaded) {
                Optional<BufferPools> p = BufferPoolReader.published(jcmd);
                if (p.isPresent() && System.currentTimeMillis() - p.get().takenAtMillis() <= Math.max(3 * refresh, 5000)) {
                    return p.get();
                }
            }
            poolsLoaded = true;
            return BufferPoolReader.readAndRefresh(jcmd, refresh, untilMillis, Math.max(4 * intervalMillis, 60_000));
        });
        poolsFailure = parts.missing().get(Part.BUFFER_POOLS);
        poolsFailedAtMillis = System.currentTimeMillis();
        return pools.orElse(null);
    }


    private static Long sum(PerfCounters c, String... names) {
        if (c == null) {
            return null;
        }
        long total = 0;
        boolean any = false;
        for (String n : names) {
            OptionalLong v = c.number(n);
            if (v.isPresent()) {
                total += v.getAsLong();
                any = true;
            }
        }
        return any ? total : null;
    }

    private void note(String text) {
        if (!notes.contains(text)) {
            notes.add(text);
        }
    }

    /** What is read once: version, flags, arguments, NMT mode, container limit, libraries, when the JVM started. */
    record Facts(JvmVersion version, JvmFlags flags, Map<String, String> flagMap, List<String> jvmArguments,
                       String nmtMode, Long containerLimitBytes, String jemallocVersion, List<String> nativeLibraries,
                       Long startedAtMillis) {
        static Facts read(long pid, ProcReader proc, Jcmd jcmd, Redactor redactor, List<String> notes) {
            JvmVersion version = VmVersionParser.parse(jcmd.vmVersion(), "VM.version").value();
            JvmFlags flags = VmFlagsParser.parse(jcmd.vmFlags(true, redactor), "VM.flags -all").value();
            PartReader parts = new PartReader(pid);
            List<String> args = parts.read(Part.COMMAND_LINE,
                    () -> VmCommandLineParser.parse(jcmd.vmCommandLine(redactor), "VM.command_line").value().jvmArgList())
                    .orElse(List.of());
            Long limit = parts.read(Part.CGROUP, () -> proc.cgroupMemory().map(p -> p.value().limitBytes())
                    .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).orElse(null)).orElse(null);
            Optional<TargetLibraries> libs = parts.read(Part.LIBRARIES,
                    () -> TargetLibraries.of(pid, proc.maps().value(), notes));
            parts.missing().forEach((part, why) -> notes.add(part.description() + " not read: " + why));
            Long started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli)
                    .orElse(null);
            return new Facts(version, flags, WatchFlags.select(flags), args, flags.value("NativeMemoryTracking").orElse("off"),
                    limit, libs.map(TargetLibraries::jemallocVersion).orElse(null),
                    libs.map(TargetLibraries::names).orElse(List.of()), started);
        }
    }
}
