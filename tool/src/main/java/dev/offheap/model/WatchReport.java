package dev.offheap.model;

import java.util.List;

/** The analysis of a watch: the recording, growth per category (largest first), findings (most important first), notes. */
public record WatchReport(Recording recording, List<CategoryGrowth> growth, List<Finding> findings, List<String> notes) {
    public WatchReport {
        growth = List.copyOf(growth);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }
}
