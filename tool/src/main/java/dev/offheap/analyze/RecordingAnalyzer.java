package dev.offheap.analyze;

import dev.offheap.analyze.rules.ClassLoaderLeakRule;
import dev.offheap.analyze.rules.CodeCacheFullRule;
import dev.offheap.analyze.rules.CodeCacheGrowthRule;
import dev.offheap.analyze.rules.DirectBufferGrowthRule;
import dev.offheap.analyze.rules.DisableExplicitGcRule;
import dev.offheap.analyze.rules.DuplicateClassesRule;
import dev.offheap.analyze.rules.HotspotInternalGrowthRule;
import dev.offheap.analyze.rules.JemallocOldVersionRule;
import dev.offheap.analyze.rules.MemberNameLeakRule;
import dev.offheap.analyze.rules.MetaspaceGrowthRule;
import dev.offheap.analyze.rules.NativeMallocGrowthRule;
import dev.offheap.analyze.rules.NioTempBufferCacheRule;
import dev.offheap.analyze.rules.ReflectionAccessorLoadersRule;
import dev.offheap.analyze.rules.ThreadGrowthRule;
import dev.offheap.analyze.rules.UnsafeMemoryGrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Analyses a watch: the trend of every category, the growth rules, and the findings of the final snapshot (kept in
 * the recording), ordered by severity and, within one, by how specific the cause is (causes before symptoms).
 */
public final class RecordingAnalyzer {
    /** Most specific first: within a severity a named cause comes before the growth it explains. */
    private static final List<GrowthRule> RULES = List.of(
            new CodeCacheFullRule(),
            new NioTempBufferCacheRule(),
            new DisableExplicitGcRule(),
            new ReflectionAccessorLoadersRule(),
            new MemberNameLeakRule(),
            new ClassLoaderLeakRule(),
            new JemallocOldVersionRule(),
            new DirectBufferGrowthRule(),
            new UnsafeMemoryGrowthRule(),
            // threads explain native growth (stacks, per-thread malloc): with NMT off both rise together
            new ThreadGrowthRule(),
            new NativeMallocGrowthRule(),
            new MetaspaceGrowthRule(),
            new CodeCacheGrowthRule(),
            new DuplicateClassesRule(),
            new HotspotInternalGrowthRule());
    /**
     * Final-snapshot findings that name a cause rank right after untracked malloc growth (a growing leak is the
     * first thing to fix; arenas are why freed memory stays) and before the remaining symptoms.
     */
    private static final Set<String> SNAPSHOT_CAUSES = Set.of("GLIBC_ARENAS");

    private RecordingAnalyzer() {
    }

    public static WatchReport analyze(Recording recording) {
        Growth growth = new Growth(recording);
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>(recording.notes());
        List<Finding> causes = new ArrayList<>();
        if (recording.finalFindings() != null) {
            recording.finalFindings().stream().filter(f -> SNAPSHOT_CAUSES.contains(f.id())).forEach(causes::add);
        } else {
            notes.add("no final snapshot in the recording (the watch was cut short): snapshot rules such as GLIBC_ARENAS"
                    + " were not evaluated");
        }
        if (recording.samples().size() < 4) {
            notes.add("only " + recording.samples().size() + " samples: growth needs at least 4; watch longer");
        }
        if (!recording.samples().isEmpty()) {
            for (GrowthRule rule : RULES) {
                if (rule instanceof MetaspaceGrowthRule && !causes.isEmpty()) {
                    findings.addAll(causes);
                    causes.clear();
                }
                rule.evaluate(growth).ifPresent(findings::add);
                rule.note(growth).ifPresent(notes::add);
            }
        }
        findings.addAll(causes);
        Set<String> seen = new HashSet<>();
        findings.forEach(f -> seen.add(f.id()));
        if (recording.finalFindings() != null) {
            recording.finalFindings().stream().filter(f -> seen.add(f.id())).forEach(findings::add);
        }
        // stable sort: within a severity the order above stays
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new WatchReport(recording, growthByCategory(growth), findings, notes);
    }

    /** Every resident category that was seen, plus the counters, with slope and time to its limit. */
    private static List<CategoryGrowth> growthByCategory(Growth g) {
        List<CategoryGrowth> rows = new ArrayList<>();
        if (g.recording().samples().isEmpty()) {
            return rows;
        }
        Set<String> names = new TreeSet<>();
        g.recording().samples().forEach(s -> names.addAll(s.residentBytes().keySet()));
        for (MemoryCategory c : MemoryCategory.values()) {
            if (names.contains(c.text())) {
                rows.add(row(c.text(), g.resident(c), limitOf(g, c), limitName(c)));
            }
        }
        OptionalLong container = g.recording().containerLimitBytes() == null ? OptionalLong.empty()
                : OptionalLong.of(g.recording().containerLimitBytes());
        rows.add(row("rss", g.rss(), container, "the container limit"));
        if (g.known(Sample::directBytes)) {
            rows.add(row("direct-buffers (pool)", g.directBytes(), g.directLimit(), "MaxDirectMemorySize"));
        }
        rows.sort(Comparator.comparingLong(CategoryGrowth::currentBytes).reversed());
        return rows;
    }

    private static CategoryGrowth row(String name, Trend t, OptionalLong limit, String limitName) {
        Double seconds = null;
        if (limit.isPresent() && limit.getAsLong() < Long.MAX_VALUE / 2) {
            double s = t.secondsTo(limit.getAsLong());
            seconds = Double.isNaN(s) ? null : s;
        }
        return new CategoryGrowth(name, Math.round(t.lastObserved()), t.slopePerSecond(), t.steadiness(), seconds,
                seconds == null ? null : limitName);
    }

    private static OptionalLong limitOf(Growth g, MemoryCategory c) {
        return switch (c) {
            case METASPACE -> g.limitFlag("MaxMetaspaceSize");
            case CLASS_SPACE -> g.limitFlag("CompressedClassSpaceSize");
            case CODE_CACHE -> g.limitFlag("ReservedCodeCacheSize");
            case JAVA_HEAP -> g.limitFlag("MaxHeapSize");
            default -> OptionalLong.empty();
        };
    }

    private static String limitName(MemoryCategory c) {
        return switch (c) {
            case METASPACE -> "MaxMetaspaceSize";
            case CLASS_SPACE -> "CompressedClassSpaceSize";
            case CODE_CACHE -> "ReservedCodeCacheSize";
            case JAVA_HEAP -> "MaxHeapSize";
            default -> null;
        };
    }
}
