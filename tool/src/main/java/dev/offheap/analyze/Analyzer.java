package dev.offheap.analyze;

import dev.offheap.analyze.rules.ContainerLimitRiskRule;
import dev.offheap.analyze.rules.DirectMemoryUnlimitedRule;
import dev.offheap.analyze.rules.GlibcArenasRule;
import dev.offheap.analyze.rules.LazyCommitRule;
import dev.offheap.analyze.rules.NativeHeapRetainedRule;
import dev.offheap.analyze.rules.NmtOffRule;
import dev.offheap.analyze.rules.RssOverBudgetRule;
import dev.offheap.model.Budget;
import dev.offheap.model.ExplainedRss;
import dev.offheap.model.Finding;
import dev.offheap.model.Report;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs the whole analysis of one snapshot: accounting, budget, then every rule; findings most severe first. */
public final class Analyzer {
    private static final List<Rule> RULES = List.of(
            new ContainerLimitRiskRule(),
            new RssOverBudgetRule(),
            new GlibcArenasRule(),
            new NativeHeapRetainedRule(),
            new DirectMemoryUnlimitedRule(),
            new LazyCommitRule(),
            new NmtOffRule());

    private Analyzer() {
    }

    public static Report analyze(Snapshot snapshot) {
        Snapshot s = snapshot.glibcHeaps() != null ? snapshot
                : snapshot.withGlibcHeaps(ArenaDetector.candidates(snapshot.memoryMap()));
        ExplainedRss explained = RssAccounting.explain(s);
        Budget budget = BudgetCalculator.compute(s, explained);
        Rule.Facts facts = new Rule.Facts(s, explained, budget);
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : RULES) {
            rule.evaluate(facts).ifPresent(findings::add);
        }
        // stable sort: within a severity, the order of RULES (most consequential first) stays
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new Report(s, explained, budget, findings);
    }
}
