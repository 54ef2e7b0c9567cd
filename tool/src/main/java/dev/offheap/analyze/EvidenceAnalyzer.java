package dev.offheap.analyze;

import dev.offheap.analyze.offline.CrashFindings;
import dev.offheap.analyze.offline.GcLogFindings;
import dev.offheap.analyze.rules.DirectMemoryUnlimitedRule;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.Finding;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.LooseEvidence;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Report;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The analysis of saved files without a memory map with counters: the JVM's committed and reserved memory per
 * category from NMT (resident memory is unknown), flag-only rules, and findings the caller derived from other files
 * (GC logs, hs_err logs).
 */
public final class EvidenceAnalyzer {
    private EvidenceAnalyzer() {
    }

    public static EvidenceReport analyze(Snapshot partial, List<String> sources, List<Finding> fromFiles) {
        List<CategoryUsage> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        NmtReport nmt = partial.nmt();
        if (nmt != null && !nmt.unavailable() && !nmt.kind().isDiff()) {
            RowBuilder builder = new RowBuilder();
            RssAccounting.addNmtCommitted(nmt, builder);
            rows.addAll(builder.build().stream().filter(u -> u.category() != MemoryCategory.UNEXPLAINED)
                    .sorted(Comparator.comparing((CategoryUsage u) -> u.committedBytes() == null ? 0 : u.committedBytes()).reversed())
                    .toList());
            notes.add("resident memory unknown: give the process's smaps or 'pmap -x' output too for the full accounting");
        }
        List<Finding> findings = new ArrayList<>(fromFiles);
        new DirectMemoryUnlimitedRule().evaluate(new Rule.Facts(partial, null, null)).ifPresent(findings::add);
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new EvidenceReport(partial, rows, sources, findings, notes);
    }

    /** Loose files with a memory map that has counters: the full report, with the GC and hs_err logs' findings. */
    public static Report full(LooseEvidence e) {
        return merge(Analyzer.analyze(e.snapshot()), fromLogs(e));
    }

    /** Loose files without such a map: the JVM's own figures and the findings the files support. */
    public static EvidenceReport partial(LooseEvidence e) {
        return analyze(e.snapshot(), e.sources(), fromLogs(e));
    }

    /** The findings of the hs_err logs, then those of the GC logs (an id found already is not added twice). */
    private static List<Finding> fromLogs(LooseEvidence e) {
        List<Finding> out = new ArrayList<>();
        for (LooseEvidence.Crash c : e.crashes()) {
            CrashFindings.evaluate(c.report(), c.name()).ifPresent(out::add);
        }
        JvmFlags flags = e.snapshot().flags() != null ? e.snapshot().flags() : e.crashes().stream()
                .map(c -> c.report().flags()).filter(Objects::nonNull).findFirst().orElse(null);
        for (LooseEvidence.GcLog g : e.gcLogs()) {
            for (Finding f : GcLogFindings.evaluate(g.summary(), g.name(), flags)) {
                if (out.stream().noneMatch(h -> h.id().equals(f.id()))) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** A full report with findings from other files added (an id the report has already is not added twice). */
    public static Report merge(Report report, List<Finding> fromFiles) {
        List<Finding> findings = new ArrayList<>(report.findings());
        for (Finding f : fromFiles) {
            if (findings.stream().noneMatch(g -> g.id().equals(f.id()))) {
                findings.add(f);
            }
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new Report(report.snapshot(), report.explained(), report.budget(), findings);
    }
}
