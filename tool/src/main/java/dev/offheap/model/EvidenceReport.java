package dev.offheap.model;

import java.util.List;

/**
 * The analysis of saved files that hold no memory map with counters (an NMT report alone, a GC log, an hs_err log):
 * NMT's own view where an NMT report was read (every category, its committed and reserved memory, NMT's Total;
 * resident memory unknown), the same rolled up into the accounting's rows, and the findings the files support.
 * {@code snapshot} carries what is known of the target (version, flags, NMT; its memory map may be null);
 * {@code sources} names each file read, what it was taken for and what it cannot tell.
 *
 * @param nmt null where no NMT report with figures was read
 */
public record EvidenceReport(Snapshot snapshot, NmtView nmt, List<CategoryUsage> jvmCategories, List<SavedInput> sources,
                             List<Finding> findings, List<String> notes) {
    public EvidenceReport {
        jvmCategories = List.copyOf(jvmCategories);
        sources = List.copyOf(sources);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }
}
