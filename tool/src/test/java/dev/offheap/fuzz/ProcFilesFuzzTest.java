package dev.offheap.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.offheap.assemble.DerivedFiles;
import dev.offheap.parse.proc.CgroupParser;
import dev.offheap.parse.proc.CmdlineParser;
import dev.offheap.parse.proc.EnvironParser;
import dev.offheap.parse.proc.OomCountsParser;
import dev.offheap.parse.proc.PmapParser;
import dev.offheap.parse.proc.SmapsParser;
import dev.offheap.parse.proc.StatusParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The /proc and cgroup files offheap reads (live, or saved by collect and sent from elsewhere), fuzzed. */
class ProcFilesFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void smapsAndMaps(byte[] data) {
        Untrusted.parse(() -> SmapsParser.parse(text(data), "smaps"));
        Untrusted.parse(() -> SmapsParser.parseRollup(text(data), "smaps_rollup"));
    }

    @FuzzTest(maxDuration = "60s")
    void pmap(byte[] data) {
        Untrusted.parse(() -> PmapParser.parse(text(data), "pmap.txt"));
    }

    @FuzzTest(maxDuration = "60s")
    void status(byte[] data) {
        Untrusted.parse(() -> StatusParser.parse(text(data), "status"));
    }

    @FuzzTest(maxDuration = "60s")
    void environAndCmdline(byte[] data) {
        Untrusted.parse(() -> EnvironParser.parse(data, "environ"));
        Untrusted.read(() -> CmdlineParser.parse(data));
    }

    /** A cgroup folder (v1 or v2, as the files tell, with its OOM counters) and /proc/PID/cgroup, as a {@link Bundle}. */
    @FuzzTest(maxDuration = "60s")
    void cgroup(byte[] data) {
        Map<String, String> files = new HashMap<>();
        Bundle.split(data).forEach((name, bytes) -> files.put(name, text(bytes)));
        int version = files.containsKey("memory.max") || files.containsKey("memory.current") ? 2 : 1;
        Untrusted.parse(() -> CgroupParser.parse(version, files.getOrDefault("PATH", "/").strip(), files));
        Untrusted.parse(() -> OomCountsParser.parse(files.containsKey("memory.events") ? 2 : version, files));
        Untrusted.parse(() -> CgroupParser.parseProcCgroup(files.getOrDefault("cgroup", text(data)), "cgroup"));
        Untrusted.read(() -> DerivedFiles.parseCgroup(text(data), "cgroup-memory.txt"));
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
