package dev.offheap.live;

import dev.offheap.analyze.ClassGrowthSignals;
import dev.offheap.model.ClassNames;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * When a watch reads the class sources that are safepoint operations (each pauses the JVM: ~30 ms for
 * VM.classloader_stats and ~90 ms for VM.class_hierarchy at 50,000 classes in 10,000 loaders, bench/metaspace-pause.sh).
 * {@link Mode#ON_GROWTH}: VM.classloader_stats at the sample where loaded classes are first seen to grow
 * ({@link ClassGrowthSignals#seen}) and at the last sample if they grew since; VM.class_hierarchy beside it only where
 * the names are needed: when the counters say most new classes are hidden (no loader to name), and at the end also when
 * no loader type piled up. {@link Mode#HISTOGRAM} (--histogram): VM.classloader_stats, GC.class_histogram and
 * VM.class_hierarchy at the first and the last sample. {@link Mode#NEVER} (--no-safepoint): none.
 */
public final class ClassStatsSchedule {
    public enum Mode { NEVER, ON_GROWTH, HISTOGRAM }

    private final Mode mode;
    private ClassStats firstStats;
    private Sample firstRead;
    private boolean namesAtFirst;
    private final List<String> reads = new ArrayList<>();

    public ClassStatsSchedule(Mode mode) {
        this.mode = mode;
    }

    /** Whether the sample about to be taken runs VM.classloader_stats and GC.class_histogram itself (--histogram). */
    public boolean histogramWith(List<Sample> before, boolean last) {
        return mode == Mode.HISTOGRAM && (before.isEmpty() || last);
    }

    /**
     * The sample {@code s} just taken (after {@code before}), with the class statistics and names this moment calls
     * for, read through {@code sampler}; {@code s} itself when none.
     */
    public Sample after(LiveSampler sampler, List<Sample> before, Sample s, boolean last, long elapsedMillis) {
        if (mode == Mode.NEVER) {
            return s;
        }
        List<Sample> all = new ArrayList<>(before);
        all.add(s);
        boolean firstTime = firstStats == null;
        ClassStats stats = s.classStats();
        if (stats == null) {
            boolean due = mode == Mode.ON_GROWTH
                    && (firstTime ? ClassGrowthSignals.seen(all) : last && ClassGrowthSignals.grewSince(firstRead, s));
            if (!due) {
                return s;
            }
            stats = timed("VM.classloader_stats", elapsedMillis, () -> sampler.classStats(false));
            if (stats == null) {
                return s;
            }
        } else {
            reads.add("VM.classloader_stats and GC.class_histogram at " + seconds(elapsedMillis));
        }
        boolean names = mode == Mode.HISTOGRAM || (firstTime && !last ? ClassGrowthSignals.mostlyHidden(all)
                : namesAtFirst || ClassGrowthSignals.mostlyHidden(all) || !ClassGrowthSignals.loadersPileUp(firstStats, stats));
        if (names) {
            ClassNames n = timed("VM.class_hierarchy", elapsedMillis, sampler::classNames);
            stats = n == null ? stats : stats.withNames(n);
        }
        Sample read = s.withClassStats(stats);
        if (firstTime) {
            firstStats = stats;
            firstRead = read;
            namesAtFirst = names;
        }
        return read;
    }

    /** What was read and how long each took (the attach round trip: at most the pause), null when nothing was read. */
    public String note() {
        if (reads.isEmpty()) {
            return null;
        }
        return "safepoint operations (each paused the JVM at most the time given)"
                + (mode == Mode.ON_GROWTH ? ", read because loaded classes grew: " : ": ") + String.join("; ", reads);
    }

    private <T> T timed(String command, long elapsedMillis, Supplier<T> read) {
        long start = System.nanoTime();
        T value = read.get();
        if (value != null) {
            reads.add(command + " at " + seconds(elapsedMillis) + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        }
        return value;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.0f s", millis / 1000.0);
    }
}
