package dev.offheap.analyze;

import dev.offheap.analyze.rules.ContainerLimitRiskRule;
import dev.offheap.analyze.rules.CodeCacheFullRule;
import dev.offheap.analyze.rules.DirectMemoryExhaustedRule;
import dev.offheap.analyze.rules.DirectMemoryUnlimitedRule;
import dev.offheap.analyze.rules.GlibcArenasRule;
import dev.offheap.analyze.rules.LazyCommitRule;
import dev.offheap.analyze.rules.MetaspaceExhaustedRule;
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
            new DirectMemoryExhaustedRule(),
            new MetaspaceExhaustedRule(),
            new CodeCacheFullRule(),
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
        List<Finding> leftOut = new ArrayList<>();
        for (Rule rule : RULES) {
            List<Finding> into = needsWhatIsMissing(rule, explained) ? leftOut : findings;
            rule.evaluate(facts).ifPresent(into::add);
        }
        if (!leftOut.isEmpty()) {
            List<String> notes = new ArrayList<>(explained.notes());
            notes.add("not made from a map cut short: " + String.join(", ", leftOut.stream().map(Finding::id).toList())
                    + " (the part not read may change them)");
            explained = explained.withNotes(notes);
        }
        // stable sort: within a severity, the order of RULES (most consequential first) stays
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new Report(s, explained, budget, findings);
    }

    /**
     * Whether a rule's finding rests on what a map cut short lacks: the arenas and the heap's residency need every
     * mapping; the process's RSS (budget, container, retained share) needs VmRSS where the map is partial.
     */
    private static boolean needsWhatIsMissing(Rule rule, ExplainedRss e) {
        if (e.mapCutAtByte().isEmpty()) {
            return false;
        }
        if (rule instanceof GlibcArenasRule || rule instanceof LazyCommitRule) {
            return true;
        }
        return e.partial() && (rule instanceof RssOverBudgetRule || rule instanceof ContainerLimitRiskRule
                || rule instanceof NativeHeapRetainedRule);
    }
}
