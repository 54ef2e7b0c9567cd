package dev.offheap.analyze.rules;

import dev.offheap.analyze.ClassGrowth;
import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.ClassStats;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * REFLECTION_ACCESSOR_LOADERS: up to JDK 17, after 15 reflective calls of a method ("inflation") core reflection
 * generates a GeneratedMethodAccessor class in a DelegatingClassLoader of its own; code that reflects over ever
 * new classes or methods piles up loaders and metaspace. JDK 18+ (JEP 416) uses method handles instead: on those
 * the rule says so rather than guess.
 */
public final class ReflectionAccessorLoadersRule implements GrowthRule {
    private static final Set<String> DELEGATING_LOADERS = ClassGrowth.DELEGATING_LOADERS;
    private static final long MIN_LOADERS = 50;

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        if (g.major() >= 18 || g.lastClassStats().isEmpty()) {
            return Optional.empty();
        }
        ClassStats last = g.lastClassStats().get();
        long loaders = DELEGATING_LOADERS.stream().mapToLong(last::loaders).sum();
        long before = g.firstClassStats().filter(f -> f != last)
                .map(f -> DELEGATING_LOADERS.stream().mapToLong(f::loaders).sum()).orElse(0L);
        long accessors = Math.max(last.generatedAccessors(), last.names() == null ? 0 : last.names().prefixes().entrySet()
                .stream().filter(e -> e.getKey().contains(".reflect.Generated") && e.getKey().endsWith("Accessor*"))
                .mapToLong(Map.Entry::getValue).sum());
        if (loaders < MIN_LOADERS && accessors < MIN_LOADERS) {
            return Optional.empty();
        }
        Trend classes = g.classes();
        Severity severity = g.classGrowth().severity()
                .orElse(loaders - before >= MIN_LOADERS ? Severity.WARNING : Severity.INFO);
        String type = g.major() <= 8 ? "sun.reflect.DelegatingClassLoader" : "jdk.internal.reflect.DelegatingClassLoader";
        List<String> evidence = new ArrayList<>();
        boolean two = g.firstClassStats().filter(f -> f != last).isPresent();
        evidence.add(loaders + " " + type + " instances" + (two ? " (+" + (loaders - before) + " " + g.classGrowth().between() + ")" : ""));
        evidence.add(accessors + " generated reflection accessor classes (GeneratedMethodAccessor…,"
                + " GeneratedConstructorAccessor…, GeneratedSerializationConstructorAccessor…)");
        if (classes.samples() > 0) {
            evidence.add("loaded classes (minus unloaded) " + Growth.describeCount(classes));
        }
        evidence.addAll(g.classGrowth().counterEvidence());
        String names = g.classGrowth().namesEvidence();
        if (names != null) {
            evidence.add(names);
        }
        String threshold = g.recording().systemProperty("sun.reflect.inflationThreshold");
        if (threshold != null) {
            evidence.add("-Dsun.reflect.inflationThreshold=" + threshold + " is set");
        }
        return Optional.of(new Finding(FindingId.REFLECTION_ACCESSOR_LOADERS, severity,
                "Reflection generates accessor classes, each in its own class loader",
                "On JDK " + g.major() + " a Method or Constructor called reflectively more than 15 times gets a generated"
                        + " accessor class defined in a new DelegatingClassLoader. Reflecting over ever new methods or"
                        + " classes (dynamic proxies, scripting, serializers that create classes) piles up these loaders"
                        + " and their metaspace; they go away only when the reflected class itself is unloaded.",
                evidence,
                "Cache and reuse Method objects for the same member and avoid reflecting over throwaway classes. To stop"
                        + " inflation entirely run with -Dsun.reflect.inflationThreshold=2147483647 (native accessors only,"
                        + " somewhat slower calls)" + (g.major() >= 9 ? "; or move to JDK 18+, where reflection uses method"
                        + " handles and creates no such loaders (JEP 416)." : "."),
                Culprit.ofClass(type)));
    }

    @Override
    public Optional<String> note(Growth g) {
        if (g.major() < 18 || g.classes().samples() == 0 || g.classes().growth() < ClassGrowth.MIN_CLASSES) {
            return Optional.empty();
        }
        return Optional.of("REFLECTION_ACCESSOR_LOADERS does not apply: on JDK " + g.major() + " core reflection uses method"
                + " handles (JEP 416, JDK 18+) and no longer generates GeneratedMethodAccessor classes in"
                + " DelegatingClassLoaders, so reflection is not why classes grow here");
    }
}
