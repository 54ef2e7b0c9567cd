package dev.offheap.analyze;

import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Leak findings held after their growth stopped. A growth rule names a leak while its memory rises; once the rise
 * levels off (the leak reached its limit, or stopped) the rule is silent, yet the memory is still leaked. A finding
 * made at warning or critical by {@value #CONFIRMATIONS} analyses in a row of a steady JVM (not loading classes nor
 * compiling: a warm-up that is over looks like a leak that stopped, and is none) is held from then on, at warning,
 * for as long as the rows it names stay above the level they rose from (their lowest in the window where it was
 * first made: the JVM's steady state) by at least half their rise and {@link Growth#MIN_GROWTH_BYTES}: until the
 * memory is freed, or the JVM ends. Immutable: each analysis gives the next state.
 */
public final class HeldLeaks {
    public static final HeldLeaks NONE = new HeldLeaks(Map.of());
    /** Analyses in a row that must make a finding before it is held: one moment's judgement is not enough. */
    public static final int CONFIRMATIONS = 3;

    /**
     * One leak finding followed: the last one made, the rows it names, the level they rose from and the highest
     * seen, how many analyses in a row made it (0: the last did not, it is held), whether it was ever confirmed, and
     * the time of the last sample of the analysis that last made it.
     */
    private record Entry(Finding finding, Set<MemoryCategory> memory, long baselineBytes, long peakBytes, int inARow,
                         boolean confirmed, long lastMadeMillis) {
    }

    private final Map<String, Entry> entries;

    private HeldLeaks(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** Ids of the findings held now: made and confirmed earlier, not made by the last analysis, memory not freed. */
    public Set<String> heldIds() {
        return entries.values().stream().filter(e -> e.inARow() == 0).map(e -> e.finding().id())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The rows each held finding names, by id. */
    Map<String, Set<MemoryCategory>> memory() {
        Map<String, Set<MemoryCategory>> m = new HashMap<>();
        entries.values().stream().filter(e -> e.inARow() == 0).forEach(e -> m.put(e.finding().id(), e.memory()));
        return m;
    }

    /**
     * The state after an analysis of {@code g} that made {@code made}; {@code memory} gives the rows each finding id
     * names (ids without rows are not followed).
     */
    HeldLeaks next(Growth g, List<Finding> made, Map<String, Set<MemoryCategory>> memory) {
        if (g.recording().samples().isEmpty()) {
            return this;
        }
        Map<String, Entry> next = new HashMap<>();
        long at = g.last().takenAtMillis();
        // growth seen while the JVM warms up (classes loading, the JIT compiling) may be that warm-up: it confirms
        // nothing, and the level a leak rose from is taken only from a steady JVM
        boolean steady = !g.jvmWarmingUp();
        for (Finding f : made) {
            Set<MemoryCategory> rows = memory.getOrDefault(f.id(), Set.of());
            if (f.severity().compareTo(Severity.WARNING) < 0 || rows.isEmpty()) {
                continue;
            }
            long current = level(g.last(), rows);
            Entry before = entries.get(f.id());
            if (before == null || !before.confirmed() && !steady) {
                if (steady) {
                    long lowest = g.recording().samples().stream().mapToLong(s -> level(s, rows)).min().orElse(current);
                    next.put(f.id(), new Entry(f, rows, lowest, current, 1, CONFIRMATIONS <= 1, at));
                }
            } else {
                int inARow = before.inARow() + 1;
                next.put(f.id(), new Entry(f, rows, before.baselineBytes(), Math.max(before.peakBytes(), current), inARow,
                        before.confirmed() || inARow >= CONFIRMATIONS, at));
            }
        }
        for (Entry e : entries.values()) {
            if (next.containsKey(e.finding().id()) || !e.confirmed()) {
                continue; // made again, or never confirmed: nothing to hold
            }
            long current = level(g.last(), e.memory());
            if (current - e.baselineBytes() >= Math.max(Growth.MIN_GROWTH_BYTES, (e.peakBytes() - e.baselineBytes()) / 2)) {
                next.put(e.finding().id(), new Entry(e.finding(), e.memory(), e.baselineBytes(), e.peakBytes(), 0, true,
                        e.lastMadeMillis()));
            }
        }
        return new HeldLeaks(next);
    }

    /**
     * The findings of an analysis with the held ones: a held finding takes the place of the same id made at info
     * (a qualifier such as the JIT's lowers the rule's judgement, not the memory already leaked).
     */
    List<Finding> withHeld(Growth g, List<Finding> made) {
        List<Entry> held = entries.values().stream().filter(e -> e.inARow() == 0)
                .sorted(Comparator.comparing(e -> e.finding().id())).toList();
        if (held.isEmpty()) {
            return made;
        }
        Set<String> ids = held.stream().map(e -> e.finding().id()).collect(Collectors.toSet());
        List<Finding> all = new ArrayList<>(made.stream().filter(f -> !ids.contains(f.id())).toList());
        for (Entry e : held) {
            all.add(heldFinding(g, e));
        }
        return all;
    }

    private static Finding heldFinding(Growth g, Entry e) {
        Finding f = e.finding();
        long current = level(g.last(), e.memory());
        String rows = e.memory().stream().map(MemoryCategory::text).sorted().collect(Collectors.joining(" + "));
        List<String> evidence = new ArrayList<>();
        evidence.add(rows + " rose from " + Sizes.format(e.baselineBytes()) + " to " + Sizes.format(e.peakBytes())
                + " and stopped growing " + Sizes.duration(Math.max(0, g.last().takenAtMillis() - e.lastMadeMillis()) / 1000.0)
                + " ago; now " + Sizes.format(current) + ": " + Sizes.format(current - e.baselineBytes())
                + " not freed since the steady state");
        f.evidence().forEach(line -> evidence.add("while it grew: " + line));
        return new Finding(f.id(), Severity.WARNING, f.title() + ", then stopped: " + Sizes.format(current - e.baselineBytes())
                + " still held",
                f.summary() + " The growth has stopped (a limit was reached, or the cause stopped), but what it took is"
                        + " still allocated: the finding holds until that memory is freed or the JVM restarts.",
                evidence, f.remedy(), f.culprit());
    }

    /** The sum of the resident rows in a sample. */
    private static long level(Sample s, Set<MemoryCategory> rows) {
        long sum = 0;
        for (MemoryCategory c : rows) {
            sum += s.resident(c);
        }
        return sum;
    }
}
