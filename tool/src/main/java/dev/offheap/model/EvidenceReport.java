package dev.offheap.model;

import java.util.List;

/**
 * The analysis of saved files that hold no memory map with counters (an NMT report alone, a GC log, an hs_err log):
 * what the JVM said it committed and reserved per category (resident memory unknown), and the findings the files
 * support. {@code snapshot} carries what is known of the target (version, flags, NMT; its memory map may be null);
 * {@code sources} names each file read and what it was taken for.
 */
public record EvidenceReport(Snapshot snapshot, List<CategoryUsage> jvmCategories, List<String> sources,
                             List<Finding> findings, List<String> notes) {
    public EvidenceReport {
        jvmCategories = List.copyOf(jvmCategories);
        sources = List.copyOf(sources);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }
}
