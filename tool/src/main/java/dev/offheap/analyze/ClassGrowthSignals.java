package dev.offheap.analyze;

import dev.offheap.model.ClassStats;
import dev.offheap.model.Sample;
import java.util.List;

/**
 * What a watch decides from its samples so far before it reads the safepoint class sources: whether loaded classes
 * are seen to grow, whether most new ones are hidden (names are then needed), whether loaders pile up. Pure.
 */
public final class ClassGrowthSignals {
    private ClassGrowthSignals() {
    }

    /** Whether loaders of one type piled up between two readings: a watch then needs no class names. */
    public static boolean loadersPileUp(ClassStats first, ClassStats last) {
        return ClassGrowth.pilingLoaderType(first, last).isPresent();
    }

    /** Over {@code samples}: loaded classes rising in each of the last two intervals, by {@value ClassGrowth#MIN_CLASSES_TO_TELL} or more. */
    public static boolean seen(List<Sample> samples) {
        int n = samples.size();
        if (n < 3) {
            return false;
        }
        Long a = liveClasses(samples.get(n - 3));
        Long b = liveClasses(samples.get(n - 2));
        Long c = liveClasses(samples.get(n - 1));
        Long start = liveClasses(samples.get(0));
        return a != null && b != null && c != null && start != null && a < b && b < c && c - start >= ClassGrowth.MIN_CLASSES_TO_TELL;
    }

    /** Loaded classes grew by {@value ClassGrowth#MIN_CLASSES_TO_TELL} or more from {@code since} to {@code now}. */
    public static boolean grewSince(Sample since, Sample now) {
        Long a = liveClasses(since);
        Long b = liveClasses(now);
        return a != null && b != null && b - a >= ClassGrowth.MIN_CLASSES_TO_TELL;
    }

    /** Whether the counters of {@code samples} say most new classes are hidden (names are then worth reading). */
    public static boolean mostlyHidden(List<Sample> samples) {
        Sample a = null;
        Sample b = null;
        for (Sample s : samples) {
            if (s.loadedClasses() != null && s.classCounters() != null && s.classCounters().definedClasses() != null) {
                a = a == null ? s : a;
                b = s;
            }
        }
        if (a == null || a == b) {
            return false;
        }
        long l = b.loadedClasses() - a.loadedClasses();
        long d = b.classCounters().definedClasses() - a.classCounters().definedClasses();
        return l >= ClassGrowth.MIN_CLASSES_TO_TELL && (l - d) >= ClassGrowth.HIDDEN_SHARE * l;
    }

    private static Long liveClasses(Sample s) {
        return s.loadedClasses() == null ? null : s.loadedClasses() - (s.unloadedClasses() == null ? 0 : s.unloadedClasses());
    }

}
