package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CODE_CACHE_GROWTH: compiled code grows steadily. Normal while an application warms up; a warning only when the
 * growth would reach ReservedCodeCacheSize soon, otherwise information.
 */
public final class CodeCacheGrowthRule implements GrowthRule {
    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.CODE_CACHE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        Optional<Trend> compiling = g.jitCompiling();
        if (compiling.isEmpty()) {
            return Optional.empty();
        }
        Trend used = compiling.get();
        OptionalLong limit = g.last().codeCacheSizeBytes() != null ? OptionalLong.of(g.last().codeCacheSizeBytes())
                : g.limitFlag("ReservedCodeCacheSize");
        Optional<Severity> severity = g.severity(used, Growth.JIT_GROWTH_BYTES, limit);
        List<String> evidence = new ArrayList<>();
        evidence.add("code cache used " + Growth.describeBytes(used));
        String time = Growth.timeTo(used, limit, "ReservedCodeCacheSize");
        if (time != null) {
            evidence.add(time);
        }
        boolean soon = severity.get() == Severity.CRITICAL;
        return Optional.of(new Finding(FindingId.CODE_CACHE_GROWTH, soon ? Severity.WARNING : Severity.INFO,
                "Compiled code grows" + (soon ? " towards the code cache limit" : ""),
                "The JIT keeps compiling new code. That is normal while an application warms up and levels off; growth"
                        + " that does not level off comes from code generated at run time (scripts, proxies, lambdas in"
                        + " generated classes).",
                evidence,
                soon ? "Raise -XX:ReservedCodeCacheSize before it fills (when full the JIT stops: CodeCache is full."
                        + " Compiler has been disabled)." : "Nothing to do while it levels off; watch longer to see it.",
                null));
    }
}
