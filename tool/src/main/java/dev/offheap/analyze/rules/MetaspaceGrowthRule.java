package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * METASPACE_GROWTH: class metadata (metaspace and compressed class space) grows steadily: classes are defined and
 * not unloaded. The class-loading rules name the cause where they can.
 */
public final class MetaspaceGrowthRule implements GrowthRule {
    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        Trend meta = g.series("metadata", s -> {
            Long m = s.committedBytes().get(MemoryCategory.METASPACE.text());
            Long c = s.committedBytes().get(MemoryCategory.CLASS_SPACE.text());
            return m == null && c == null ? null : (m == null ? 0 : m) + (c == null ? 0 : c);
        });
        OptionalLong max = g.limitFlag("MaxMetaspaceSize");
        Optional<Severity> severity = g.severity(meta, Growth.MIN_GROWTH_BYTES, max);
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("metaspace + class space committed " + Growth.describeBytes(meta));
        Trend classes = g.classes();
        if (classes.samples() > 0) {
            evidence.add("loaded classes (minus unloaded) " + Growth.describeCount(classes));
        }
        String limit = Growth.timeTo(meta, max, "MaxMetaspaceSize");
        evidence.add(limit != null ? limit : "MaxMetaspaceSize is not set: metaspace may grow until the machine or container"
                + " runs out of memory");
        return Optional.of(new Finding("METASPACE_GROWTH", severity.get(),
                "Class metadata grows by " + Sizes.format(Math.round(meta.slopePerSecond())) + "/s",
                "Metaspace holds the metadata of loaded classes and is freed only when their class loader is collected."
                        + " Steady growth means classes keep being defined (generated proxies, scripts, serializers,"
                        + " reflection accessors) by loaders that stay reachable.",
                evidence,
                "Run 'offheap watch --histogram " + g.recording().pid() + "' (or jcmd " + g.recording().pid()
                        + " VM.classloader_stats) to see which loader type piles up, and cache generated classes instead"
                        + " of regenerating them." + (max.isEmpty() ? " Set -XX:MaxMetaspaceSize so that a leak ends in"
                        + " 'OutOfMemoryError: Metaspace' instead of unbounded growth." : ""),
                null));
    }
}
