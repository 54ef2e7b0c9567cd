package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.trend.Trend;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DISABLE_EXPLICIT_GC: -XX:+DisableExplicitGC while direct memory is large or growing. The JDK calls System.gc()
 * when direct memory runs out, to free unreachable buffers; with the flag that call does nothing, so dead buffers
 * in the old generation stay allocated until a full or mixed collection happens by itself.
 */
public final class DisableExplicitGcRule implements GrowthRule {
    private static final long LARGE_BYTES = 256L << 20;

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.DIRECT_BUFFERS);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        if (!g.flags().bool("DisableExplicitGC").orElse(false) || !g.known(Sample::directBytes)) {
            return Optional.empty();
        }
        Trend bytes = g.directBytes();
        Optional<Severity> growing = g.severity(bytes, Growth.MIN_GROWTH_BYTES, g.directLimit());
        boolean large = bytes.lastObserved() >= LARGE_BYTES;
        if (growing.isEmpty() && !large) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("-XX:+DisableExplicitGC is set" + g.flags().origin("DisableExplicitGC").map(o -> " (" + o + ")").orElse(""));
        evidence.add("direct buffer pool used " + Growth.describeBytes(bytes));
        String limit = Growth.timeTo(bytes, g.directLimit(), "the direct memory limit");
        if (limit != null) {
            evidence.add(limit);
        }
        return Optional.of(new Finding(FindingId.DISABLE_EXPLICIT_GC, growing.orElse(Severity.WARNING),
                "-XX:+DisableExplicitGC keeps dead direct buffers allocated (" + Sizes.format(Math.round(bytes.lastObserved())) + ")",
                "Direct buffers are freed only after a GC finds them unreachable. When direct memory runs short the JDK"
                        + " calls System.gc() to free the dead ones; -XX:+DisableExplicitGC turns that call into nothing,"
                        + " so buffers that reached the old generation stay allocated until an old collection happens by"
                        + " itself, and allocation may end in 'OutOfMemoryError: Cannot reserve direct buffer memory'.",
                evidence, remedy(g), null));
    }

    private static String remedy(Growth g) {
        String gc = g.flags().bool("UseG1GC").orElse(false) ? "G1"
                : g.flags().bool("UseConcMarkSweepGC").orElse(false) ? "CMS"
                : g.flags().bool("UseShenandoahGC").orElse(false) ? "Shenandoah"
                : g.flags().bool("UseZGC").orElse(false) ? "ZGC"
                : g.flags().bool("UseParallelGC").orElse(false) ? "Parallel"
                : g.flags().bool("UseSerialGC").orElse(false) ? "Serial" : null;
        String concurrent;
        if (gc == null || gc.equals("G1") || gc.equals("CMS") || gc.equals("Shenandoah")) {
            concurrent = "or, if it was set to avoid long pauses from System.gc(), replace it with"
                    + " -XX:+ExplicitGCInvokesConcurrent" + (gc == null ? "" : " (" + gc + " then runs System.gc() as a"
                    + " concurrent cycle)") + ".";
        } else if (gc.equals("ZGC")) {
            concurrent = "ZGC already runs System.gc() concurrently, so the flag buys nothing.";
        } else {
            concurrent = "with the " + gc + " collector System.gc() is a full stop-the-world collection; if that pause"
                    + " is the concern, switch to G1 (-XX:+UseG1GC) with -XX:+ExplicitGCInvokesConcurrent.";
        }
        return "Remove -XX:+DisableExplicitGC, " + concurrent + " Also set -XX:MaxDirectMemorySize so that direct memory"
                + " pressure triggers the collection before the process grows too large.";
    }
}
