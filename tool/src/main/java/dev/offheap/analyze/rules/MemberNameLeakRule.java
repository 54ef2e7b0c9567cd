package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtTag;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * METHODHANDLE_MEMBERNAME_LEAK: JDK 8 before 8u152 keeps every MemberName that MethodHandles resolve in a per-class
 * MemberNameTable in native memory (NMT "Internal") and never purges stale entries (JDK-8152271, fixed in 9 and
 * backported to 8u152). Lambdas, invokedynamic and MethodHandle-heavy code then grow Internal without end.
 */
public final class MemberNameLeakRule implements GrowthRule {
    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.JVM_INTERNAL);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        if (g.version() == null || g.major() != 8 || g.version().atLeast(8, 152) || !g.known(s -> s.nmt(NmtTag.INTERNAL))) {
            return Optional.empty();
        }
        Trend internal = g.series("internalBeyondDirect", s -> s.nmt(NmtTag.INTERNAL) == null ? null
                : s.nmt(NmtTag.INTERNAL) - (s.directBytes() == null ? 0 : s.directBytes()));
        Optional<Severity> severity = g.severity(internal, Growth.MIN_GROWTH_BYTES, OptionalLong.empty());
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("JDK " + g.version().text() + " is older than 8u152, which fixed JDK-8152271 (MemberNameTable never purged)");
        evidence.add("NMT Internal (without direct buffers) " + Growth.describeBytes(internal));
        return Optional.of(new Finding(FindingId.METHODHANDLE_MEMBERNAME_LEAK, severity.get(),
                "JDK " + g.version().text() + " leaks MethodHandle MemberNames in native memory",
                "Before 8u152 the JVM records every MemberName that MethodHandles resolve (lambdas, invokedynamic,"
                        + " MethodHandle lookups, scripting engines) in a per-class table in native memory and never removes"
                        + " stale entries, so NMT 'Internal' grows as long as such code runs.",
                evidence,
                "Upgrade to JDK 8u152 or later (any current 8u release), or to JDK 11+. Until then, reuse MethodHandles"
                        + " instead of resolving them again.",
                new Culprit("libjvm.so", "java.lang.invoke.MethodHandleNatives.resolve", "java.lang.invoke.MemberName", null)));
    }
}
