package dev.offheap.assemble;

import dev.offheap.model.AddressRange;
import dev.offheap.model.BufferPools;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.CodeCacheUsage;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmCommandLine;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.MallocInfo;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Parsed;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.ProcessEnvironment;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import dev.offheap.model.SystemMapSummary;
import dev.offheap.model.ThreadInfo;
import dev.offheap.parse.TextInput;
import dev.offheap.parse.jcmd.BufferPoolsParser;
import dev.offheap.parse.jcmd.CodeCacheParser;
import dev.offheap.parse.jcmd.JvmRegionParser;
import dev.offheap.parse.jcmd.MallocInfoParser;
import dev.offheap.parse.jcmd.SystemMapParser;
import dev.offheap.parse.jcmd.VmCommandLineParser;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.jcmd.VmVersionParser;
import dev.offheap.parse.nmt.NmtParser;
import dev.offheap.parse.proc.EnvironParser;
import dev.offheap.parse.proc.HsperfdataParser;
import dev.offheap.parse.proc.JavaCommand;
import dev.offheap.parse.proc.PmapParser;
import dev.offheap.parse.proc.SmapsParser;
import dev.offheap.parse.proc.StatusParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Builds a {@link Snapshot} from its raw sources ({@link SnapshotSources}): the one path from files to model, used
 * for a live JVM and for a saved folder alike. Parser warnings become snapshot notes.
 */
public final class SnapshotAssembler {
    /** The buffer pools file holds the value offheap's agent published (BufferPoolMXBean). */
    private static final String BUFFER_POOL_SOURCE = "agent (BufferPoolMXBean)";
    private SnapshotAssembler() {
    }

    public static Snapshot assemble(SnapshotSources src) {
        Snapshot meta = metaOnly(src);
        List<String> notes = new ArrayList<>(meta.notes());
        long pid = meta.pid();
        long takenAt = meta.takenAtMillis();
        if (!src.has(SnapshotSources.SMAPS) && !src.has(SnapshotSources.PMAP)) {
            throw new InputException("no " + SnapshotSources.SMAPS + ": the memory map is needed for an analysis");
        }
        MemoryMap map = src.has(SnapshotSources.SMAPS) ? parsed(src, SnapshotSources.SMAPS, SmapsParser::parse, notes)
                : parsed(src, SnapshotSources.PMAP, PmapParser::parse, notes);
        ProcessStatus status = parsed(src, SnapshotSources.STATUS, StatusParser::parse, notes);
        ProcessEnvironment env = src.bytes(SnapshotSources.ENVIRON)
                .map(b -> keep(EnvironParser.parse(b, SnapshotSources.ENVIRON), notes)).orElse(null);
        CgroupMemory cgroup = src.text(SnapshotSources.CGROUP).map(t -> DerivedFiles.parseCgroup(t, SnapshotSources.CGROUP)).orElse(null);
        JvmVersion version = parsed(src, SnapshotSources.VM_VERSION, VmVersionParser::parse, notes);
        JvmFlags flags = parsed(src, SnapshotSources.VM_FLAGS, VmFlagsParser::parse, notes);
        JvmCommandLine commandLine = parsed(src, SnapshotSources.VM_COMMAND_LINE, VmCommandLineParser::parse, notes);
        if (commandLine == null && !src.has(SnapshotSources.SMAPS)) {
            commandLine = pmapCommandLine(src);
        }
        // no NMT file is no answer: a live JVM with NMT off says so in its flags, saved smaps alone say nothing
        NmtReport nmt = src.has(SnapshotSources.NMT) ? parsed(src, SnapshotSources.NMT, NmtParser::parse, notes) : null;
        PerfCounters counters = src.bytes(SnapshotSources.HSPERFDATA)
                .map(b -> keep(HsperfdataParser.parse(b, SnapshotSources.HSPERFDATA), notes)).orElse(null);
        if (version != null && counters != null && counters.text("java.property.java.vm.vendor") != null) {
            version = version.withVendor(counters.text("java.property.java.vm.vendor"));
        }
        BufferPools pools = src.text(SnapshotSources.BUFFER_POOLS)
                .map(t -> BufferPoolsParser.parseValue(t.strip(), BUFFER_POOL_SOURCE)).orElse(null);
        MallocInfo mallocInfo = src.text(SnapshotSources.NATIVE_HEAP_INFO)
                .map(t -> MallocInfoParser.parse(t, SnapshotSources.NATIVE_HEAP_INFO)).orElse(null);
        SystemMapSummary systemMap = src.text(SnapshotSources.SYSTEM_MAP)
                .map(t -> SystemMapParser.parse(t, SnapshotSources.SYSTEM_MAP)).orElse(null);
        CodeCacheUsage codeCache = src.text(SnapshotSources.CODE_CACHE).flatMap(CodeCacheParser::parse).orElse(null);
        List<JvmRegion> regions = new ArrayList<>();
        src.text(SnapshotSources.HEAP_INFO).ifPresent(t -> regions.addAll(JvmRegionParser.heapInfo(t)));
        if (nmt == null || nmt.unavailable() || !nmt.kind().isDetail()) {
            // NMT detail maps the code heaps itself
            src.text(SnapshotSources.CODE_CACHE).ifPresent(t -> regions.addAll(JvmRegionParser.codeCache(t)));
        }
        src.text(SnapshotSources.LIBRARY_BSS).ifPresent(t -> regions.addAll(DerivedFiles.parseRegions(t, SnapshotSources.LIBRARY_BSS)));
        List<GlibcHeap> heaps = src.text(SnapshotSources.GLIBC_HEAPS)
                .map(t -> DerivedFiles.parseGlibcHeaps(t, SnapshotSources.GLIBC_HEAPS)).orElse(null);
        Map<AddressRange, Long> residency = src.text(SnapshotSources.RESIDENCY)
                .map(t -> DerivedFiles.parseResidency(t, SnapshotSources.RESIDENCY)).orElse(Map.of());
        List<ThreadInfo> threads = src.text(SnapshotSources.THREADS)
                .map(t -> DerivedFiles.parseThreads(t, SnapshotSources.THREADS)).orElse(List.of());
        return new Snapshot(pid, takenAt, status, map, env, cgroup, version, flags, commandLine, nmt, counters, pools,
                codeCache, regions, heaps, mallocInfo, systemMap, residency, threads, notes);
    }

    /** The java command pmap names on its first line, as VM.command_line would split it; null for another program. */
    public static JvmCommandLine pmapCommandLine(SnapshotSources src) {
        return src.text(SnapshotSources.PMAP).flatMap(PmapParser::header)
                .map(h -> JavaCommand.of(List.of(h.command().split("\\s+")))).orElse(null);
    }

    /** A snapshot holding only what the meta file says: pid, time taken and notes. */
    public static Snapshot metaOnly(SnapshotSources src) {
        List<String> notes = new ArrayList<>();
        long pid = 0;
        long takenAt = 0;
        String[] lines = src.text(SnapshotSources.META).orElse("").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("pid=")) {
                pid = metaNumber(line, i + 1);
            } else if (line.startsWith("takenAt=")) {
                takenAt = metaNumber(line, i + 1);
            } else if (line.startsWith("note=")) {
                notes.add(line.substring(5));
            }
        }
        return new Snapshot(pid, takenAt, null, null, null, null, null, null, null, null, null, null, null, List.of(), null,
                null, null, Map.of(), List.of(), notes);
    }

    private static long metaNumber(String line, int lineNo) {
        String value = line.substring(line.indexOf('=') + 1).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InputException(SnapshotSources.META + ":" + lineNo + ": expected a number after '"
                    + line.substring(0, line.indexOf('=') + 1) + "', got " + TextInput.quote(value));
        }
    }

    /** The meta file's text for a snapshot of {@code pid} taken at {@code takenAt} with {@code notes}. */
    public static String formatMeta(long pid, long takenAt, List<String> notes) {
        StringBuilder sb = new StringBuilder("pid=").append(pid).append("\ntakenAt=").append(takenAt).append('\n');
        notes.forEach(n -> sb.append("note=").append(n.replace('\n', ' ')).append('\n'));
        return sb.toString();
    }

    private static <T> T parsed(SnapshotSources src, String name, BiFunction<String, String, Parsed<T>> parser, List<String> notes) {
        return src.parsed(name, t -> parser.apply(t, name)).map(p -> keep(p, notes)).orElse(null);
    }

    private static <T> T keep(Parsed<T> p, List<String> notes) {
        p.warnings().forEach(w -> notes.add(w.toString()));
        return p.value();
    }
}
