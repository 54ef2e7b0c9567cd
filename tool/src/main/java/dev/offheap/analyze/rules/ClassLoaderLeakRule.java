package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CLASSLOADER_LEAK: the number of loaded classes rises steadily and, with class loader statistics (--histogram),
 * loaders of one type pile up. Reflection's own DelegatingClassLoaders are left to REFLECTION_ACCESSOR_LOADERS.
 */
public final class ClassLoaderLeakRule implements GrowthRule {
    static final long MIN_CLASSES = 500;
    private static final long MIN_NEW_LOADERS = 10;

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        Trend classes = g.classes();
        Optional<Severity> severity = g.severity(classes, MIN_CLASSES, OptionalLong.empty());
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        Optional<Map.Entry<String, Long>> piling = pilingLoaderType(g);
        boolean stats = g.lastClassStats().isPresent();
        if (stats && piling.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("loaded classes (minus unloaded) " + Growth.describeCount(classes));
        Long unloaded = g.last().unloadedClasses();
        if (unloaded != null) {
            evidence.add(unloaded + " classes unloaded in all");
        }
        String culprit = null;
        if (piling.isPresent()) {
            culprit = piling.get().getKey();
            ClassStats last = g.lastClassStats().get();
            evidence.add(last.loaders(culprit) + " live loaders of type " + culprit + " (+" + piling.get().getValue()
                    + " during the watch), defining " + last.classesByLoaderType().getOrDefault(culprit, 0L) + " classes");
        } else {
            evidence.add("class loader statistics not read: run with --histogram to name the loader type");
        }
        return Optional.of(new Finding("CLASSLOADER_LEAK", severity.get(),
                culprit != null ? "Class loaders of type " + culprit + " pile up" : "Classes keep being loaded and are not unloaded",
                "A class (and its metadata) can only be unloaded with its class loader, and a loader only when nothing"
                        + " references it or any of its classes or objects. Loaders that keep being created and stay"
                        + " reachable (a thread, a static cache, a ThreadLocal, a JDBC driver registration) leak all their"
                        + " classes.",
                evidence,
                "Find what keeps the loaders reachable: 'offheap heap --dump " + g.recording().pid() + "' counts the"
                        + " loaders by type, and the paths to GC roots of " + (culprit != null ? culprit : "the piling loader type")
                        + " instances in that dump (e.g. in Eclipse MAT) show what holds them; create one loader and reuse"
                        + " it, or clear the references when done."
                        + (g.major() >= 9 ? "" : " On JDK 8 with CMS also set -XX:+CMSClassUnloadingEnabled."),
                culprit != null ? Culprit.ofClass(culprit) : null));
    }

    /** The loader type whose count rose most between the first and last statistics, when it rose enough. */
    static Optional<Map.Entry<String, Long>> pilingLoaderType(Growth g) {
        Optional<ClassStats> first = g.firstClassStats();
        Optional<ClassStats> last = g.lastClassStats();
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, Long> best = null;
        for (Map.Entry<String, Long> e : last.get().loadersByType().entrySet()) {
            if (ReflectionAccessorLoadersRule.DELEGATING_LOADERS.contains(e.getKey())) {
                continue;
            }
            long before = first.filter(f -> f != last.get()).map(f -> f.loaders(e.getKey())).orElse(0L);
            long added = e.getValue() - before;
            if (added >= MIN_NEW_LOADERS && (best == null || added > best.getValue())) {
                best = Map.entry(e.getKey(), added);
            }
        }
        return Optional.ofNullable(best);
    }
}
