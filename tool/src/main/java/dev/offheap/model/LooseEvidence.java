package dev.offheap.model;

import java.util.List;

/**
 * What loose saved files of one process hold ({@code offheap analyze} on NMT, smaps, pmap, status, jcmd outputs, GC
 * and hs_err logs): one snapshot made of them, with or without a memory map that has counters ({@code fullMap}),
 * the GC and hs_err logs beside it under the names the user gave, and each file with what it was read as.
 */
public record LooseEvidence(Snapshot snapshot, boolean fullMap, List<SavedInput> sources, List<GcLog> gcLogs,
                            List<Crash> crashes) {
    public LooseEvidence {
        sources = List.copyOf(sources);
        gcLogs = List.copyOf(gcLogs);
        crashes = List.copyOf(crashes);
    }

    /** A GC log and the name it was given under. */
    public record GcLog(String name, GcLogSummary summary) {
    }

    /** An hs_err log and the name it was given under. */
    public record Crash(String name, HsErrReport report) {
    }
}
