package dev.offheap.model;

import java.util.List;

/** The analysis of one snapshot: the snapshot itself, where its RSS is, its budget (null if unknown), findings. */
public record Report(Snapshot snapshot, ExplainedRss explained, Budget budget, List<Finding> findings) {
    public Report {
        findings = List.copyOf(findings);
    }
}
