package dev.offheap.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.offheap.parse.jcmd.PerfMapParser;
import dev.offheap.parse.logs.GcLogParser;
import dev.offheap.parse.logs.HsErrParser;
import dev.offheap.parse.proc.KernelLogParser;
import dev.offheap.parse.profiles.HeapV2Parser;
import dev.offheap.parse.symbols.CxxNames;
import dev.offheap.saved.CaptureFolder;
import dev.offheap.saved.RecordingReader;
import static dev.offheap.fuzz.ProcFilesFuzzTest.text;

/**
 * Logs and profiles people send: GC logs, hs_err files, jemalloc heap_v2, perf maps, watch recordings, C++ names, the
 * kernel log's OOM kills and captures' capture.txt.
 */
class LogsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void gcLog(byte[] data) {
        Untrusted.parse(() -> GcLogParser.parse(text(data), "gc.log"));
    }

    @FuzzTest(maxDuration = "60s")
    void hsErr(byte[] data) {
        Untrusted.parse(() -> HsErrParser.parse(text(data), "hs_err_pid1.log"));
    }

    @FuzzTest(maxDuration = "60s")
    void heapV2AndPerfMap(byte[] data) {
        Untrusted.parse(() -> HeapV2Parser.parse(text(data), "jeprof.1.0.i0.heap"));
        Untrusted.parse(() -> PerfMapParser.parse(text(data), "perf-1.map"));
    }

    /** A {@code watch --record} file (JSON lines). */
    @FuzzTest(maxDuration = "60s")
    void recording(byte[] data) {
        Untrusted.parse(() -> RecordingReader.parse(text(data), "watch.jsonl"));
    }

    /** What an OOM kill leaves: the kernel log (/dev/kmsg records, dmesg lines) and a capture's capture.txt. */
    @FuzzTest(maxDuration = "60s")
    void oomTraces(byte[] data) {
        Untrusted.read(() -> KernelLogParser.oomKills(text(data)));
        Untrusted.read(() -> CaptureFolder.parse(text(data), "capture.txt"));
    }

    /** Itanium C++ mangled names, as found in libraries' symbol tables: one a line (up to a tab, as in the fixture). */
    @FuzzTest(maxDuration = "60s")
    void demangler(byte[] data) {
        for (String line : text(data).split("\n")) {
            String symbol = line.split("\t", 2)[0];
            Untrusted.read(() -> {
                CxxNames.demangle(symbol);
                CxxNames.shorten(symbol);
                CxxNames.demangleAsAddr2line(symbol);
            });
        }
    }
}
