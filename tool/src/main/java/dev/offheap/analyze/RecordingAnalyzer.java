package dev.offheap.analyze;

import dev.offheap.analyze.rules.ClassLoaderLeakRule;
import dev.offheap.analyze.rules.CodeCacheFullRule;
import dev.offheap.analyze.rules.CodeCacheGrowthRule;
import dev.offheap.analyze.rules.DirectBufferGrowthRule;
import dev.offheap.analyze.rules.DirectMemoryExhaustedRule;
import dev.offheap.analyze.rules.DisableExplicitGcRule;
import dev.offheap.analyze.rules.DuplicateClassesRule;
import dev.offheap.analyze.rules.HiddenClassGrowthRule;
import dev.offheap.analyze.rules.HotspotInternalGrowthRule;
import dev.offheap.analyze.rules.JemallocOldVersionRule;
import dev.offheap.analyze.rules.MemberNameLeakRule;
import dev.offheap.analyze.rules.MetaspaceExhaustedRule;
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
import dev.offheap.model.Severity;
import dev.offheap.model.WatchReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
            new DirectMemoryExhaustedRule(),
            new MetaspaceExhaustedRule(),
            new NioTempBufferCacheRule(),
            new DisableExplicitGcRule(),
            new ReflectionAccessorLoadersRule(),
            new MemberNameLeakRule(),
            new ClassLoaderLeakRule(),
            new HiddenClassGrowthRule(),
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
    /** Earlier points of a recording analysed to carry held leaks to its end (at most). */
    static final int CHECKPOINTS = 24;

    private RecordingAnalyzer() {
    }

    /**
     * The analysis of a whole recording (a watch, a saved recording). Leak findings that earlier parts of it made and
     * whose memory is still held stay named ({@link HeldLeaks}): the recording is analysed up to
     * {@value #CHECKPOINTS} earlier samples as the watch would have been then, and the held state carried on.
     */
    public static WatchReport analyze(Recording recording) {
        List<Sample> samples = recording.samples();
        int step = Math.max(1, samples.size() / CHECKPOINTS);
        List<Integer> ends = new ArrayList<>();
        for (int end = firstCheckpoint(samples.size(), step); end < samples.size(); end += step) {
            ends.add(end);
        }
        // the rules' trends at each checkpoint do not depend on what earlier ones held: evaluated on every core (an
        // hour of JFR recording: 25 analyses), then the held leaks carried through them in order
        List<Evaluated> checkpoints = ends.parallelStream()
                .map(end -> evaluate(recording.withSamples(samples.subList(0, end), null))).toList();
        HeldLeaks held = HeldLeaks.NONE;
        for (Evaluated e : checkpoints) {
            held = held.next(e.growth(), e.made(), e.memory());
        }
        return carry(evaluate(recording), held).report();
    }

    /**
     * The report of one analysis and the held leaks after it, to carry to the next; {@code namedRows}: the rows a
     * warning or critical finding names (the growth the rules stand behind, whose time to a limit may be given).
     */
    public record Continued(WatchReport report, HeldLeaks held, Set<MemoryCategory> namedRows) {
        public Continued {
            namedRows = Set.copyOf(namedRows);
        }
    }

    /** What the rules made of a recording on its own, before the held leaks of earlier analyses are carried in. */
    private record Evaluated(Growth growth, List<String> notes, Map<String, Set<MemoryCategory>> memory, List<Finding> made) {
    }

    /**
     * One analysis of a recording that continues earlier ones ({@code offheap export}'s window of each cycle):
     * {@code before} holds what they found.
     */
    public static Continued analyze(Recording recording, HeldLeaks before) {
        return carry(evaluate(recording), before);
    }

    private static Evaluated evaluate(Recording recording) {
        Growth growth = new Growth(recording);
        List<String> notes = new ArrayList<>(recording.notes());
        Map<String, Set<MemoryCategory>> memory = new HashMap<>();
        List<Finding> made = findings(growth, notes, memory);
        return new Evaluated(growth, notes, memory, made);
    }

    private static Continued carry(Evaluated e, HeldLeaks before) {
        Growth growth = e.growth();
        Map<String, Set<MemoryCategory>> memory = e.memory();
        HeldLeaks after = before.next(growth, e.made(), memory);
        List<Finding> findings = new ArrayList<>(after.withHeld(growth, e.made()));
        memory.putAll(after.memory());
        // stable sort: within a severity the order above stays
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        Set<MemoryCategory> behind = new HashSet<>();
        findings.stream().filter(f -> f.severity().compareTo(Severity.WARNING) >= 0)
                .forEach(f -> behind.addAll(memory.getOrDefault(f.id(), Set.of())));
        return new Continued(new WatchReport(growth.recording(), growthByCategory(growth, behind), findings, e.notes()),
                after, behind);
    }

    /**
     * The first checkpoint (a number of samples): at least the 4 growth needs, and aligned so that the last one is a
     * step short of the whole recording; past the end when there is no room for one.
     */
    private static int firstCheckpoint(int samples, int step) {
        int first = samples - step;
        while (first - step >= 4) {
            first -= step;
        }
        return first >= 4 ? first : samples;
    }

    /** The findings of the rules and of the final snapshot; {@code memory} gets the rows each growth finding names. */
    private static List<Finding> findings(Growth growth, List<String> notes, Map<String, Set<MemoryCategory>> memory) {
        Recording recording = growth.recording();
        List<Finding> findings = new ArrayList<>();
        List<Finding> causes = new ArrayList<>();
        if (recording.finalFindings() != null) {
            recording.finalFindings().stream().filter(f -> SNAPSHOT_CAUSES.contains(f.id())).forEach(causes::add);
        } else {
            notes.add("no final snapshot in the recording (a watch cut short; a JFR recording has none): snapshot rules"
                    + " such as GLIBC_ARENAS were not evaluated");
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
                rule.evaluate(growth).ifPresent(f -> {
                    findings.add(f);
                    if (!rule.memory().isEmpty()) {
                        memory.put(f.id(), rule.memory());
                    }
                });
                rule.note(growth).ifPresent(notes::add);
            }
        }
        findings.addAll(causes);
        Set<String> seen = new HashSet<>();
        findings.forEach(f -> seen.add(f.id()));
        if (recording.finalFindings() != null) {
            recording.finalFindings().stream().filter(f -> seen.add(f.id())).forEach(findings::add);
        }
        return findings;
    }

    /**
     * Every resident category that was seen (or, known only by what the JVM committed, as "name (committed)": a JFR
     * recording without RSS), plus the counters, with slope and, where a warning or critical finding
     * names its memory ({@code behind}), the time to its limit: only trends the rules stand behind get one. The heap
     * filling towards its committed size or -Xmx, the code cache while the JIT compiles and Metaspace while classes
     * are first loaded (in the JVM's first minutes) rise as a healthy JVM does: no time for them. RSS gets the time to
     * the container's limit when any growth finding stands.
     */
    private static List<CategoryGrowth> growthByCategory(Growth g, Set<MemoryCategory> behind) {
        List<CategoryGrowth> rows = new ArrayList<>();
        if (g.recording().samples().isEmpty()) {
            return rows;
        }
        Set<String> names = new TreeSet<>();
        Set<String> committed = new TreeSet<>();
        g.recording().samples().forEach(s -> {
            names.addAll(s.residentBytes().keySet());
            committed.addAll(s.committedBytes().keySet());
        });
        boolean firstLoading = g.classesFirstLoaded();
        for (MemoryCategory c : MemoryCategory.values()) {
            boolean metadata = c == MemoryCategory.METASPACE || c == MemoryCategory.CLASS_SPACE;
            boolean shown = behind.contains(c) && !(metadata && firstLoading);
            if (names.contains(c.text())) {
                rows.add(row(c.text(), g.resident(c), shown ? limitOf(g, c) : OptionalLong.empty(), limitName(c)));
            } else if (committed.contains(c.text())) {
                rows.add(row(c.text() + " (committed)", g.committed(c), shown ? limitOf(g, c) : OptionalLong.empty(),
                        limitName(c)));
            }
        }
        OptionalLong container = g.recording().containerLimitBytes() == null || behind.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(g.recording().containerLimitBytes());
        if (g.known(Sample::rssBytes)) {
            rows.add(row("rss", g.rss(), container, "the container limit"));
        }
        if (g.known(Sample::directBytes)) {
            OptionalLong direct = behind.contains(MemoryCategory.DIRECT_BUFFERS) ? g.directLimit() : OptionalLong.empty();
            rows.add(row("direct-buffers (pool)", g.directBytes(), direct, "MaxDirectMemorySize"));
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
            default -> OptionalLong.empty();
        };
    }

    private static String limitName(MemoryCategory c) {
        return switch (c) {
            case METASPACE -> "MaxMetaspaceSize";
            case CLASS_SPACE -> "CompressedClassSpaceSize";
            case CODE_CACHE -> "ReservedCodeCacheSize";
            default -> null;
        };
    }
}
