package dev.offheap.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.offheap.parse.nmt.NmtParser;
import java.nio.charset.StandardCharsets;

/**
 * {@code jcmd PID VM.native_memory} output of every JDK (summary, detail, diffs, scales, cut copies), fuzzed. Seeds:
 * the NMT fixtures, linked into {@code NmtFuzzTestInputs/}; each crash found stays there as a regression input.
 */
class NmtFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void nmt(byte[] data) {
        Untrusted.parse(() -> NmtParser.parse(new String(data, StandardCharsets.UTF_8), "nmt.txt"));
    }
}
