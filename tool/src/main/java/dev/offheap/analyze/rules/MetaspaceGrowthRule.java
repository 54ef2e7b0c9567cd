package dev.offheap.analyze.rules;

import dev.offheap.analyze.ClassGrowth;
import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * METASPACE_GROWTH: class metadata (metaspace and compressed class space) or the number of loaded classes grows
 * steadily: classes are defined and not unloaded. Says which kind of class grows; CLASSLOADER_LEAK,
 * REFLECTION_ACCESSOR_LOADERS and HIDDEN_CLASS_GROWTH name the cause where the evidence allows.
 */
public final class MetaspaceGrowthRule implements GrowthRule {
    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        ClassGrowth c = g.classGrowth();
        Trend meta = ClassGrowth.metadata(g);
        OptionalLong max = g.limitFlag("MaxMetaspaceSize");
        Optional<Severity> severity = c.severity();
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        boolean bytes = g.severity(meta, Growth.MIN_GROWTH_BYTES, max).isPresent();
        List<String> evidence = new ArrayList<>();
        if (meta.samples() > 0) {
            evidence.add("metaspace + class space committed " + Growth.describeBytes(meta));
        }
        Trend classes = c.classes();
        if (classes.samples() > 0) {
            evidence.add("loaded classes (minus unloaded) " + Growth.describeCount(classes));
        }
        evidence.add("what grows: " + kind(c));
        evidence.addAll(c.counterEvidence());
        String names = c.namesEvidence();
        if (names != null) {
            evidence.add(names);
        }
        String limit = Growth.timeTo(meta, max, "MaxMetaspaceSize");
        evidence.add(limit != null ? limit : max.isPresent() ? "MaxMetaspaceSize is " + Sizes.format(max.getAsLong())
                : "MaxMetaspaceSize is not set: metaspace may grow until the machine or container runs out of memory");
        return Optional.of(new Finding(FindingId.METASPACE_GROWTH, severity.get(),
                bytes ? "Class metadata grows by " + Sizes.format(Math.round(meta.slopePerSecond())) + "/s"
                        : "Loaded classes grow by " + Math.round(classes.slopePerSecond()) + "/s",
                "Metaspace holds the metadata of loaded classes and is freed only when their class loader is collected."
                        + " Steady growth means classes keep being defined (generated proxies, lambdas and method handles,"
                        + " scripts, serializers, reflection accessors) and stay reachable.",
                evidence,
                remedy(c, g.recording().pid()) + (max.isEmpty() ? " Set -XX:MaxMetaspaceSize so that a leak ends in"
                        + " 'OutOfMemoryError: Metaspace' instead of unbounded growth." : ""),
                null));
    }

    private static String kind(ClassGrowth c) {
        return switch (c.kind()) {
            case NEW_LOADERS -> "new class loaders" + c.pilingLoaders().map(e -> " of type " + e.getKey()).orElse("")
                    + " (see CLASSLOADER_LEAK)";
            case REFLECTION_ACCESSORS -> "reflection accessors, each in a DelegatingClassLoader (see REFLECTION_ACCESSOR_LOADERS)";
            case HIDDEN_IN_HOST_LOADER -> "hidden classes strongly bound into existing loaders: lambdas (see HIDDEN_CLASS_GROWTH)";
            case HIDDEN_OWN_LOADER_DATA -> "hidden classes with a class loader data each, in existing loaders: method handles'"
                    + " LambdaForms (see HIDDEN_CLASS_GROWTH)";
            case HIDDEN -> "hidden classes in existing loaders (see HIDDEN_CLASS_GROWTH)";
            case NAMED_IN_EXISTING_LOADERS -> "named classes defined into loaders that already existed (no loader piles up, few"
                    + " hidden classes)" + c.mostClassesAdded().filter(e -> c.twoReadings())
                    .map((Map.Entry<String, Long> e) -> ": " + e.getKey() + " +" + e.getValue() + " classes " + c.between())
                    .orElse("");
            case NOT_TOLD -> "not told: " + (c.lastStats().isEmpty() ? c.notReadEvidence() : "no class counters in this input");
        };
    }

    private static String remedy(ClassGrowth c, long pid) {
        return switch (c.kind()) {
            case NEW_LOADERS, REFLECTION_ACCESSORS, HIDDEN_IN_HOST_LOADER, HIDDEN_OWN_LOADER_DATA, HIDDEN ->
                    "Fix the cause named by the finding above; cache generated classes instead of regenerating them.";
            case NAMED_IN_EXISTING_LOADERS -> "An application still loading its own code levels off (watch longer to see it);"
                    + " one that does not defines ever new classes into a loader it keeps: a generator (proxies,"
                    + " serializers, ByteBuddy or cglib classes) asked for a new class per call. The top names (or 'jcmd "
                    + pid + " VM.class_hierarchy', a safepoint operation) say which; cache the generated classes.";
            case NOT_TOLD -> "Run 'offheap watch " + pid + "' (it reads VM.classloader_stats once classes grow) to see whether"
                    + " loaders pile up or hidden classes grow, and cache generated classes instead of regenerating them.";
        };
    }
}
