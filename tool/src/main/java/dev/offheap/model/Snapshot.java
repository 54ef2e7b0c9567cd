package dev.offheap.model;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything known about one JVM process at one moment, live or from saved files. Any part may be null where it
 * could not be read; {@code notes} say how each part was read or why it is missing (shown to the user).
 *
 * @param pid       the process id; 0 where no source names it (saved smaps alone): see {@link #knownPid()}
 * @param nmt       what {@code VM.native_memory} answered; null where it was not asked (see {@link #nmtMode()})
 * @param glibcHeaps glibc arena heaps as found live (confirmed by their headers where readable); null when the
 *                   sources did not look for them (the analysis then finds them by their layout)
 * @param threads   the process's threads with their names and stack pointers where known (empty when not read)
 * @param residency resident bytes per address range measured with /proc/PID/pagemap, keyed by
 *                  {@link AddressRange}; empty where not measured
 * @param codeCache the code cache's use and whether the JIT still compiles ({@code Compiler.codecache}); null where
 *                  not read
 */
public record Snapshot(
        long pid,
        long takenAtMillis,
        ProcessStatus status,
        MemoryMap memoryMap,
        ProcessEnvironment environment,
        CgroupMemory cgroup,
        JvmVersion version,
        JvmFlags flags,
        JvmCommandLine commandLine,
        NmtReport nmt,
        PerfCounters counters,
        BufferPools bufferPools,
        CodeCacheUsage codeCache,
        List<JvmRegion> jvmRegions,
        List<GlibcHeap> glibcHeaps,
        MallocInfo mallocInfo,
        SystemMapSummary systemMap,
        Map<AddressRange, Long> residency,
        List<ThreadInfo> threads,
        List<String> notes) {
    public Snapshot {
        jvmRegions = jvmRegions == null ? List.of() : List.copyOf(jvmRegions);
        glibcHeaps = glibcHeaps == null ? null : List.copyOf(glibcHeaps);
        residency = residency == null ? Map.of() : Map.copyOf(residency);
        threads = threads == null ? List.of() : List.copyOf(threads);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The same snapshot with these glibc heaps. */
    public Snapshot withGlibcHeaps(List<GlibcHeap> heaps) {
        return new Snapshot(pid, takenAtMillis, status, memoryMap, environment, cgroup, version, flags, commandLine, nmt,
                counters, bufferPools, codeCache, jvmRegions, heaps, mallocInfo, systemMap, residency, threads, notes);
    }

    /** The same snapshot with these notes. */
    public Snapshot withNotes(List<String> newNotes) {
        return new Snapshot(pid, takenAtMillis, status, memoryMap, environment, cgroup, version, flags, commandLine, nmt,
                counters, bufferPools, codeCache, jvmRegions, glibcHeaps, mallocInfo, systemMap, residency, threads, newNotes);
    }

    /** The same snapshot with these buffer pools. */
    public Snapshot withBufferPools(BufferPools pools) {
        return new Snapshot(pid, takenAtMillis, status, memoryMap, environment, cgroup, version, flags, commandLine, nmt,
                counters, pools, codeCache, jvmRegions, glibcHeaps, mallocInfo, systemMap, residency, threads, notes);
    }

    /**
     * The NMT level the target runs with, as far as the sources tell: "off", "summary", "detail", or null when
     * unknown. The evidence, strongest first: an NMT report, the flags, a failed {@code VM.native_memory} answer, the
     * last {@code -XX:NativeMemoryTracking=} of the command line. A source that says nothing (smaps alone) is unknown.
     */
    public String nmtMode() {
        if (nmt != null && !nmt.unavailable()) {
            return nmt.kind().isDetail() ? "detail" : "summary";
        }
        if (flags != null) {
            String v = flags.value("NativeMemoryTracking").orElse(null);
            if (v != null) {
                return v;
            }
        }
        if (nmt != null && nmt.status() == NmtStatus.NOT_ENABLED) {
            return "off";
        }
        return commandLineNmtMode();
    }

    /** The value of the last {@code -XX:NativeMemoryTracking=} among the command line's JVM options, else null. */
    public String commandLineNmtMode() {
        String mode = null;
        if (commandLine != null) {
            for (String a : commandLine.jvmArgList()) {
                if (a.startsWith(NMT_OPTION)) {
                    mode = a.substring(NMT_OPTION.length());
                }
            }
        }
        return mode;
    }

    private static final String NMT_OPTION = "-XX:NativeMemoryTracking=";

    /** The pid, where the sources name it (saved smaps alone do not). */
    public OptionalLong knownPid() {
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }
}
