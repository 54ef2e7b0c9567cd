package dev.offheap.cli;

import dev.offheap.analyze.ArenaDetector;
import dev.offheap.analyze.MappingSplitter;
import dev.offheap.attach.BufferPoolReader;
import dev.offheap.attach.Jcmd;
import dev.offheap.attach.JcmdException;
import dev.offheap.model.AddressRange;
import dev.offheap.model.BufferPools;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.JvmCommandLine;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.MallocInfo;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtReportKind;
import dev.offheap.model.NmtStatus;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.Snapshot;
import dev.offheap.model.TargetException;
import dev.offheap.parse.JvmRegionParser;
import dev.offheap.parse.MallocInfoParser;
import dev.offheap.parse.NmtParser;
import dev.offheap.parse.VmCommandLineParser;
import dev.offheap.parse.VmFlagsParser;
import dev.offheap.parse.VmVersionParser;
import dev.offheap.proc.LibraryBss;
import dev.offheap.proc.Pagemap;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.proc.ProcReader;
import dev.offheap.proc.ProcessMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Takes a {@link Snapshot} of a live JVM: /proc files, a few jcmd commands over the attach socket (none of them a
 * safepoint operation), the buffer pools through the agent, glibc heap headers and pagemap residency.
 */
final class LiveSnapshot {
    /** What to read besides the basics. */
    record Options(boolean bufferPools, boolean pagemap) {
    }

    private final long pid;
    private final Options options;
    private final List<String> notes = new ArrayList<>();

    private LiveSnapshot(long pid, Options options) {
        this.pid = pid;
        this.options = options;
    }

    static Snapshot take(long pid, Options options) {
        return new LiveSnapshot(pid, options).take();
    }

    private Snapshot take() {
        ProcReader proc = new ProcReader(pid);
        ProcessStatus status = proc.status().value();
        if (!PerfDataFiles.isHotSpot(pid)) {
            throw new TargetException("pid " + pid + " (" + status.name() + ") is not a Java process: no libjvm.so is mapped");
        }
        Jcmd jcmd = Jcmd.attach(pid);
        JvmVersion version = VmVersionParser.parse(jcmd.vmVersion(), "VM.version").value();
        JvmFlags flags = VmFlagsParser.parse(jcmd.vmFlags(true), "VM.flags -all").value();
        JvmCommandLine commandLine = VmCommandLineParser.parse(jcmd.vmCommandLine(), "VM.command_line").value();
        PerfCounters counters = PerfDataFiles.counters(pid).orElse(null);
        NmtReport nmt = nmt(jcmd, flags.value("NativeMemoryTracking").orElse("off"));
        boolean detail = nmt.status() == NmtStatus.REPORTED && nmt.kind().isDetail();
        List<JvmRegion> regions = new ArrayList<>(detail ? List.of() : jvmRegions(jcmd));
        MallocInfo mallocInfo = mallocInfo(jcmd, version);
        BufferPools pools = bufferPools(jcmd);
        // the memory map last, so that it is as close as possible to the NMT report it is compared with
        MemoryMap map = proc.smaps().value();
        ProcessStatus statusNow = proc.status().value();
        ProcessEnvironment env = environment(proc);
        CgroupMemory cgroup = proc.cgroupMemory().map(Parsed::value).orElse(null);
        List<GlibcHeap> heaps = glibcHeaps(map);
        regions.addAll(LibraryBss.of(pid, map));
        Snapshot s = new Snapshot(pid, System.currentTimeMillis(), statusNow, map, env, cgroup, version, flags, commandLine,
                nmt, counters, pools, regions, heaps, mallocInfo, Map.of(), notes);
        return options.pagemap() ? withResidency(s) : s;
    }

    private NmtReport nmt(Jcmd jcmd, String mode) {
        if (mode.equals("off")) {
            return NmtReport.ofStatus(NmtStatus.NOT_ENABLED, NmtReportKind.SUMMARY, OptionalLong.of(pid));
        }
        String kind = mode.equals("detail") ? "detail" : "summary";
        Parsed<NmtReport> parsed = NmtParser.parse(jcmd.nativeMemory(kind), "VM.native_memory " + kind);
        parsed.warnings().forEach(w -> notes.add("NMT: " + w));
        return parsed.value();
    }

    private List<JvmRegion> jvmRegions(Jcmd jcmd) {
        List<JvmRegion> regions = new ArrayList<>(JvmRegionParser.heapInfo(jcmd.run("GC.heap_info")));
        if (regions.isEmpty()) {
            notes.add("GC.heap_info gives no address range for this collector: the Java heap is not placed in the map");
        }
        regions.addAll(JvmRegionParser.codeCache(jcmd.codeCache()));
        return regions;
    }

    private MallocInfo mallocInfo(Jcmd jcmd, JvmVersion version) {
        try {
            return MallocInfoParser.parse(jcmd.nativeHeapInfo(), "System.native_heap_info");
        } catch (JcmdException e) {
            notes.add("no malloc statistics: JDK " + version.text() + " has no System.native_heap_info (JDK 21+)");
            return null;
        }
    }

    private BufferPools bufferPools(Jcmd jcmd) {
        if (!options.bufferPools()) {
            notes.add("buffer pools not read (--no-agent)");
            return null;
        }
        try {
            return BufferPoolReader.read(jcmd);
        } catch (JcmdException e) {
            notes.add("buffer pools not read: " + e.getMessage());
            return null;
        }
    }

    private ProcessEnvironment environment(ProcReader proc) {
        try {
            return proc.environ().value();
        } catch (TargetException e) {
            notes.add("environment not read: " + e.getMessage());
            return null;
        }
    }

    private List<GlibcHeap> glibcHeaps(MemoryMap map) {
        List<GlibcHeap> candidates = ArenaDetector.candidates(map);
        if (candidates.isEmpty()) {
            return candidates;
        }
        Map<Long, byte[]> headers = new HashMap<>();
        try (ProcessMemory mem = ProcessMemory.open(pid)) {
            for (GlibcHeap h : candidates) {
                mem.read(h.start(), ArenaDetector.HEADER_BYTES).ifPresent(b -> headers.put(h.start(), b));
            }
        }
        if (headers.isEmpty()) {
            notes.add("glibc heaps found by their layout only: /proc/" + pid + "/mem is not readable to confirm them");
        }
        return ArenaDetector.confirm(candidates, headers);
    }

    private Snapshot withResidency(Snapshot s) {
        List<AddressRange> ranges = MappingSplitter.rangesToMeasure(s);
        if (ranges.isEmpty()) {
            return s;
        }
        Map<AddressRange, Long> measured = new HashMap<>();
        try (Pagemap pagemap = Pagemap.open(pid)) {
            if (!pagemap.permitted()) {
                notes.add("pagemap not readable: mappings shared by several owners are split by size (approximate)");
                return s;
            }
            for (AddressRange r : ranges) {
                pagemap.residency(r.start(), r.end()).residentBytes().ifPresent(b -> measured.put(r, b));
            }
        }
        return new Snapshot(s.pid(), s.takenAtMillis(), s.status(), s.memoryMap(), s.environment(), s.cgroup(), s.version(),
                s.flags(), s.commandLine(), s.nmt(), s.counters(), s.bufferPools(), s.jvmRegions(), s.glibcHeaps(),
                s.mallocInfo(), measured, s.notes());
    }
}
