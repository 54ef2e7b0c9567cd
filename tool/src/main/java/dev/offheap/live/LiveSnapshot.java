package dev.offheap.live;

import dev.offheap.analyze.MappingSplitter;
import dev.offheap.assemble.DerivedFiles;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.attach.BufferPoolReader;
import dev.offheap.attach.Jcmd;
import dev.offheap.attach.JcmdException;
import dev.offheap.model.AddressRange;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.NmtCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Parsed;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.TargetException;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.jcmd.VmVersionParser;
import dev.offheap.parse.nmt.NmtParser;
import dev.offheap.parse.proc.SmapsParser;
import dev.offheap.proc.LibraryBss;
import dev.offheap.proc.Pagemap;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.proc.ProcReader;
import dev.offheap.proc.ThreadStackPointers;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Reads the sources of a {@link Snapshot} from a live JVM — /proc files, a few jcmd commands over the attach socket
 * (none a safepoint operation), the buffer pools through the agent, glibc heap headers, library .bss and pagemap
 * residency — as the same files {@code collect} saves, then assembles them like a saved folder.
 */
public final class LiveSnapshot {
    /**
     * What to read besides the basics. {@code nmtDetail}: read NMT detail when the JVM tracks at detail (false: its
     * summary, as of a JVM started with NMT summary). {@code redactor}: what it leaves of the environment, the
     * command line, string flags and hsperfdata's strings, as they are read (the standard redaction unless given).
     */
    public record Options(Pools pools, boolean pagemap, boolean nmtDetail, Redactor redactor) {
        public Options(Pools pools, boolean pagemap) {
            this(pools, pagemap, true);
        }

        public Options(Pools pools, boolean pagemap, boolean nmtDetail) {
            this(pools, pagemap, nmtDetail, Redactor.standard());
        }
    }

    /** Where the buffer pools come from, each with the note a report gets when they are not read. */
    public enum Pools {
        /** load the agent (when NMT is off or shows Unsafe memory) */
        AGENT,
        /** read what an agent loaded earlier (by a watch) publishes, without loading it again */
        PUBLISHED,
        /** not read: the user said --no-agent */
        NO_AGENT,
        /** not read: the agent's dlopen would show in a malloc profile running at the same time */
        PROFILING;

        public static Pools agentUnless(boolean noAgent) {
            return noAgent ? NO_AGENT : AGENT;
        }
    }

    private static final long MIN_UNSAFE_FOR_AGENT = 1 << 20;

    private final long pid;
    private final Options options;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    /** One daemon thread for the /proc side, so a report runs its two halves on both cores. */
    private static final Executor PROC_READER = command -> {
        Thread t = new Thread(command, "offheap-proc-reader");
        t.setDaemon(true);
        t.start();
    };
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Long> times = new java.util.concurrent.ConcurrentHashMap<>();
    private final PartReader parts;
    /** Files parsed while reading (to decide what else to read): handed to the sources, not parsed again. */
    private final Map<String, Parsed<?>> parsedHere = new java.util.concurrent.ConcurrentHashMap<>();

    /** Sources with the time each file was read (epoch ms), for a collect folder's manifest. */
    public record Collected(SnapshotSources sources, Map<String, Long> takenAtMillis) {
    }

    private LiveSnapshot(long pid, Options options) {
        this.pid = pid;
        this.options = options;
        this.parts = new PartReader(pid);
    }

    public static Snapshot take(long pid, Options options) {
        return SnapshotAssembler.assemble(sources(pid, options));
    }

    /** Every source file of a snapshot of the live JVM {@code pid}. */
    public static SnapshotSources sources(long pid, Options options) {
        return new LiveSnapshot(pid, options).read();
    }

    /** Like {@link #sources}, with the time each file was read. */
    public static Collected collect(long pid, Options options) {
        LiveSnapshot live = new LiveSnapshot(pid, options);
        SnapshotSources sources = live.read();
        Map<String, Long> times = new LinkedHashMap<>();
        long derived = System.currentTimeMillis();
        for (String name : sources.files().keySet()) {
            times.put(name, live.times.getOrDefault(name, derived));
        }
        return new Collected(sources, times);
    }

    private SnapshotSources read() {
        ProcReader proc = new ProcReader(pid);
        // attaching checks, before anything is sent, that the pid is a live HotSpot JVM that can be attached
        Jcmd jcmd = Jcmd.attach(pid);
        String versionText = put(SnapshotSources.VM_VERSION, jcmd.vmVersion());
        String flagsText = put(SnapshotSources.VM_FLAGS, jcmd.vmFlags(true, options.redactor()));
        parts.read(Part.COMMAND_LINE, () -> put(SnapshotSources.VM_COMMAND_LINE, jcmd.vmCommandLine(options.redactor())));
        JvmVersion version = parsedHere(SnapshotSources.VM_VERSION,
                VmVersionParser.parse(versionText, SnapshotSources.VM_VERSION));
        JvmFlags flags = parsedHere(SnapshotSources.VM_FLAGS, VmFlagsParser.parse(flagsText, SnapshotSources.VM_FLAGS));
        String nmtMode = flags.value("NativeMemoryTracking").orElse("off");
        if (nmtMode.equals("detail") && !options.nmtDetail()) {
            nmtMode = "summary";
        }
        long unsafeTagged = Long.MAX_VALUE;
        if (!nmtMode.equals("off")) {
            String level = nmtMode.equals("detail") ? "detail" : "summary";
            Optional<NmtReport> nmt = parts.read(Part.NATIVE_MEMORY, () -> {
                String text = jcmd.nativeMemory(level);
                NmtReport parsed = parsedHere(SnapshotSources.NMT, NmtParser.parse(text, SnapshotSources.NMT));
                put(SnapshotSources.NMT, text);
                return parsed;
            });
            unsafeTagged = nmt.filter(n -> !n.unavailable())
                    .map(n -> n.category(n.unsafeTag()).map(NmtCategory::mallocBytes).orElse(0L)).orElse(Long.MAX_VALUE);
        }
        // the agent allocates in the target: load it before the memory map is read, so that the map includes it
        readBufferPools(jcmd, unsafeTagged);
        // /proc is read on a second thread while the JVM answers the remaining (read-only) attach operations
        CompletableFuture<ProcFiles> procFiles = CompletableFuture.supplyAsync(() -> readProc(proc), PROC_READER);
        if (!nmtMode.equals("off") && version.major() >= 21) {
            readSystemMap(jcmd);
        }
        if (!nmtMode.equals("detail")) {
            parts.read(Part.HEAP_INFO, () -> put(SnapshotSources.HEAP_INFO, jcmd.run("GC.heap_info")));
        }
        // at every NMT level: whether the JIT still compiles (CODE_CACHE_FULL); its regions only where NMT detail
        // does not map the code heaps (SnapshotAssembler)
        parts.read(Part.CODE_CACHE, () -> put(SnapshotSources.CODE_CACHE, jcmd.codeCache()));
        readMallocInfo(jcmd, version);
        ProcFiles p = join(procFiles);
        files.putAll(p.files());
        parts.missing().forEach((part, why) -> notes.add(part.description() + " not read: " + why));
        put(SnapshotSources.META, SnapshotAssembler.formatMeta(pid, p.takenAtMillis(), notes));
        SnapshotSources sources = new SnapshotSources(files).withParsed(parsedHere);
        if (options.pagemap()) {
            Map<AddressRange, Long> measured = residency(SnapshotAssembler.assemble(sources));
            sources = sources.with(SnapshotSources.RESIDENCY, DerivedFiles.formatResidency(measured));
        }
        // notes gathered after the first meta file was written
        return sources.with(SnapshotSources.META, SnapshotAssembler.formatMeta(pid, p.takenAtMillis(), notes));
    }

    /** What is read from /proc: the files, and what was derived from the memory map while it was fresh. */
    private record ProcFiles(Map<String, byte[]> files, long takenAtMillis) {
    }

    private ProcFiles readProc(ProcReader proc) {
        Map<String, byte[]> read = new LinkedHashMap<>() {
            @Override
            public byte[] put(String name, byte[] content) {
                times.put(name, System.currentTimeMillis());
                return super.put(name, content);
            }
        };
        long takenAt = System.currentTimeMillis();
        byte[] smaps = proc.bytes("smaps");
        read.put(SnapshotSources.SMAPS, smaps);
        read.put(SnapshotSources.STATUS, proc.bytes("status"));
        parts.read(Part.ENVIRONMENT, () -> read.put(SnapshotSources.ENVIRON, proc.environBytes(options.redactor())));
        parts.read(Part.CGROUP, () -> proc.cgroupMemory().map(Parsed::value))
                .flatMap(c -> c).ifPresent(c -> read.put(SnapshotSources.CGROUP, bytes(DerivedFiles.formatCgroup(c))));
        // an hsperfdata file whose strings cannot all be found is not kept (InputException: the part is missing)
        PerfDataFiles.find(pid).ifPresent(f -> parts.read(Part.PERF_COUNTERS, () -> {
            try {
                return read.put(SnapshotSources.HSPERFDATA, PerfDataFiles.read(f, options.redactor()));
            } catch (IOException e) {
                throw new TargetException("cannot read " + f + ": " + e.getMessage());
            }
        }));
        MemoryMap map = parsedHere(SnapshotSources.SMAPS,
                SmapsParser.parse(new String(smaps, StandardCharsets.UTF_8), SnapshotSources.SMAPS));
        parts.read(Part.GLIBC_HEAPS, () -> read.put(SnapshotSources.GLIBC_HEAPS,
                bytes(DerivedFiles.formatGlibcHeaps(glibcHeaps(map)))));
        parts.read(Part.THREADS, () -> read.put(SnapshotSources.THREADS,
                bytes(DerivedFiles.formatThreads(ThreadStackPointers.of(pid)))));
        parts.read(Part.LIBRARIES, () -> read.put(SnapshotSources.LIBRARY_BSS,
                bytes(DerivedFiles.formatRegions(LibraryBss.of(pid, map)))));
        return new ProcFiles(read, takenAt);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T parsedHere(String name, Parsed<T> parsed) {
        parsedHere.put(name, parsed);
        return parsed.value();
    }

    private String put(String name, String text) {
        files.put(name, bytes(text));
        times.put(name, System.currentTimeMillis());
        return text;
    }

    private void readMallocInfo(Jcmd jcmd, JvmVersion version) {
        parts.read(Part.MALLOC_STATISTICS, () -> {
            try {
                return put(SnapshotSources.NATIVE_HEAP_INFO, jcmd.nativeHeapInfo());
            } catch (JcmdException e) {
                // not a failure: the command is new in JDK 21
                notes.add("no malloc statistics: JDK " + version.text() + " has no System.native_heap_info (JDK 21+)");
                return null;
            }
        });
    }

    /** System.map exists from JDK 22 and in later JDK 21 updates; without it there is just no cross-check. */
    private void readSystemMap(Jcmd jcmd) {
        parts.read(Part.SYSTEM_MAP, () -> {
            try {
                return put(SnapshotSources.SYSTEM_MAP, jcmd.systemMap());
            } catch (JcmdException e) {
                notes.add("no System.map cross-check: " + e.getMessage());
                return null;
            }
        });
    }

    /** The agent is only worth loading when NMT is off or shows Unsafe memory (direct buffers or other) to split. */
    private void readBufferPools(Jcmd jcmd, long unsafeTaggedBytes) {
        switch (options.pools()) {
            case NO_AGENT -> {
                notes.add("buffer pools not read (--no-agent)");
                return;
            }
            case PROFILING -> {
                notes.add("buffer pools not read: the agent is not loaded while a malloc profile runs");
                return;
            }
            case PUBLISHED -> {
                // direct buffers are part of NMT's Unsafe figure: pools older than it would leave the growth meanwhile
                // to "unsafe"; the watch's agent republishes every second, so wait for a value as new as NMT's
                Long nmtAt = times.get(SnapshotSources.NMT);
                Optional<String> value = parts.read(Part.BUFFER_POOLS, () -> nmtAt == null
                        ? BufferPoolReader.publishedValue(jcmd)
                        : BufferPoolReader.publishedValue(jcmd, nmtAt, LiveSampler.AGENT_REFRESH_MILLIS + 500)).flatMap(v -> v);
                value.ifPresentOrElse(v -> put(SnapshotSources.BUFFER_POOLS, v + "\n"),
                        () -> parts.missingUnlessKnown(Part.BUFFER_POOLS, "the watch's agent published nothing"));
                return;
            }
            case AGENT -> {
            }
        }
        if (unsafeTaggedBytes < MIN_UNSAFE_FOR_AGENT) {
            notes.add("buffer pools not read: NMT shows less than 1 MiB of Unsafe memory (direct buffers included)");
            return;
        }
        // a JVM that runs the agent already (a watch, an exporter) is not given a second one
        parts.read(Part.BUFFER_POOLS, () -> put(SnapshotSources.BUFFER_POOLS, BufferPoolReader.readValue(jcmd) + "\n"));
    }

    private List<GlibcHeap> glibcHeaps(MemoryMap map) {
        List<GlibcHeap> heaps = GlibcHeaps.of(pid, map);
        if (!heaps.isEmpty() && heaps.stream().allMatch(h -> h.confirmed() == null)) {
            notes.add("glibc heaps found by their layout only: /proc/" + pid + "/mem is not readable to confirm them");
        }
        return heaps;
    }

    private Map<AddressRange, Long> residency(Snapshot s) {
        Map<AddressRange, Long> measured = new LinkedHashMap<>();
        List<AddressRange> ranges = MappingSplitter.rangesToMeasure(s);
        if (ranges.isEmpty()) {
            return measured;
        }
        try (Pagemap pagemap = Pagemap.open(pid)) {
            if (!pagemap.permitted()) {
                notes.add("pagemap not readable: mappings shared by several owners are split by size (approximate)");
                return measured;
            }
            for (AddressRange r : ranges) {
                pagemap.residency(r.start(), r.end()).residentBytes().ifPresent(b -> measured.put(r, b));
            }
        }
        return measured;
    }
}
