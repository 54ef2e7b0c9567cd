package dev.offheap.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.offheap.assemble.DerivedFiles;
import dev.offheap.parse.jcmd.BufferPoolsParser;
import dev.offheap.parse.jcmd.ClassHierarchyParser;
import dev.offheap.parse.jcmd.ClassStatsParser;
import dev.offheap.parse.jcmd.CodeCacheParser;
import dev.offheap.parse.jcmd.JvmRegionParser;
import dev.offheap.parse.jcmd.MallocInfoParser;
import dev.offheap.parse.jcmd.PerfCounterParser;
import dev.offheap.parse.jcmd.SystemMapParser;
import dev.offheap.parse.jcmd.VmCommandLineParser;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.jcmd.VmVersionParser;
import static dev.offheap.fuzz.ProcFilesFuzzTest.text;

/**
 * The other jcmd outputs (VM.flags, VM.version, VM.command_line, GC.heap_info, Compiler.codecache, System.map,
 * System.native_heap_info, class statistics, VM.class_hierarchy), the agent's buffer-pool value, and the derived .tsv
 * files of a collect folder, fuzzed: each input is given to every one of these readers.
 */
class JcmdOutputsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void vmFlags(byte[] data) {
        Untrusted.parse(() -> VmFlagsParser.parse(text(data), "vm-flags.txt"));
    }

    @FuzzTest(maxDuration = "60s")
    void otherJcmdOutputs(byte[] data) {
        String t = text(data);
        Untrusted.parse(() -> VmVersionParser.parse(t, "vm-version.txt"));
        Untrusted.parse(() -> VmCommandLineParser.parse(t, "vm-command-line.txt"));
        Untrusted.parse(() -> PerfCounterParser.parse(t, "perf-counters.txt"));
        Untrusted.read(() -> JvmRegionParser.heapInfo(t));
        Untrusted.read(() -> JvmRegionParser.codeCache(t));
        Untrusted.read(() -> CodeCacheParser.parse(t));
        Untrusted.read(() -> SystemMapParser.parse(t, "system-map.txt"));
        Untrusted.read(() -> MallocInfoParser.parse(t, "malloc-info.xml"));
        Untrusted.read(() -> ClassStatsParser.parse(t, t));
        Untrusted.read(() -> ClassHierarchyParser.parse(t));
        Untrusted.read(() -> BufferPoolsParser.parseValue(t, "buffer-pools.txt"));
        Untrusted.read(() -> DerivedFiles.parseResidency(t, "residency.tsv"));
        Untrusted.read(() -> DerivedFiles.parseGlibcHeaps(t, "glibc-heaps.tsv"));
        Untrusted.read(() -> DerivedFiles.parseRegions(t, "regions.tsv"));
        Untrusted.read(() -> DerivedFiles.parseThreads(t, "threads.tsv"));
    }
}
