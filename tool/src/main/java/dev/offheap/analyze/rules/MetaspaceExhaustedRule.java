package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
import dev.offheap.analyze.LimitUse;
import dev.offheap.analyze.Rule;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.PerfCounters;
import dev.offheap.model.Sample;
import dev.offheap.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * METASPACE_EXHAUSTED: committed class metadata is at its limit or nearly so: metaspace and class space together at
 * MaxMetaspaceSize ("OutOfMemoryError: Metaspace"), or the class space at CompressedClassSpaceSize
 * ("OutOfMemoryError: Compressed class space"). A state: it holds while the metadata stays there, whatever its growth
 * does. Judged on a snapshot (committed from NMT, else the hsperfdata counters) and on a watch's last sample alike.
 */
public final class MetaspaceExhaustedRule implements Rule, GrowthRule {
    @Override
    public Optional<Finding> evaluate(Facts f) {
        if (f.snapshot().flags() == null) {
            return Optional.empty();
        }
        Long meta = f.explained().category(MemoryCategory.METASPACE).map(CategoryUsage::committedBytes).orElse(null);
        Long cls = f.explained().category(MemoryCategory.CLASS_SPACE).map(CategoryUsage::committedBytes).orElse(null);
        Long total = meta == null && cls == null ? null : (meta == null ? 0 : meta) + (cls == null ? 0 : cls);
        PerfCounters counters = f.snapshot().counters();
        if (total == null && counters != null) {
            // without NMT: the counters of committed metadata, updated at each GC
            total = boxed(counters.number("sun.gc.metaspace.capacity"));
            cls = boxed(counters.number("sun.gc.compressedclassspace.capacity"));
        }
        return judge(f.snapshot().pid(), total, cls, f.snapshot().flags());
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        List<Sample> samples = g.recording().samples();
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        Sample last = g.last();
        Long meta = last.committedBytes().get(MemoryCategory.METASPACE.text());
        Long cls = last.committedBytes().get(MemoryCategory.CLASS_SPACE.text());
        Long total = meta == null && cls == null ? null : (meta == null ? 0 : meta) + (cls == null ? 0 : cls);
        return judge(g.recording().pid(), total, cls, g.flags());
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static Optional<Finding> judge(long pid, Long committed, Long classCommitted, JvmFlags flags) {
        OptionalLong max = Growth.limitFlag(flags, "MaxMetaspaceSize");
        OptionalLong classMax = flags.bool("UseCompressedClassPointers").orElse(true)
                ? Growth.limitFlag(flags, "CompressedClassSpaceSize") : OptionalLong.empty();
        Optional<Severity> whole = committed == null || max.isEmpty() ? Optional.empty()
                : LimitUse.severity(committed, max.getAsLong());
        Optional<Severity> classes = classCommitted == null || classMax.isEmpty() ? Optional.empty()
                : LimitUse.severity(classCommitted, classMax.getAsLong());
        if (whole.isEmpty() && classes.isEmpty()) {
            return Optional.empty();
        }
        Severity w = whole.orElse(Severity.INFO);
        Severity c = classes.orElse(Severity.INFO);
        Severity severity = w.compareTo(c) >= 0 ? w : c;
        boolean classSpace = c.compareTo(w) > 0;
        String limit = classSpace ? "CompressedClassSpaceSize" : "MaxMetaspaceSize";
        List<String> evidence = new ArrayList<>();
        if (committed != null && max.isPresent()) {
            evidence.add("metaspace and class space committed " + LimitUse.describe(committed, max.getAsLong())
                    + " of MaxMetaspaceSize");
        }
        if (classes.isPresent()) {
            evidence.add("class space committed " + LimitUse.describe(classCommitted, classMax.getAsLong())
                    + " of CompressedClassSpaceSize");
        }
        evidence.add("when a class cannot get metadata, the JVM collects to unload classes, then throws 'OutOfMemoryError: "
                + (classSpace ? "Compressed class space" : "Metaspace") + "'");
        boolean reached = severity == Severity.CRITICAL;
        return Optional.of(new Finding(FindingId.METASPACE_EXHAUSTED, severity,
                (reached ? "Metaspace is exhausted: " : "Metaspace is nearly exhausted: ") + limit
                        + (reached ? " is reached" : " is close"),
                "Class metadata is freed only when its class loader is collected. At the limit, loading or defining a class"
                        + " (a lambda, a proxy, a reflection accessor, a new plugin) fails with an OutOfMemoryError although"
                        + " the heap has room. This holds while the metadata stays there, whether it still grows or not.",
                evidence,
                "See which class loaders hold the metadata: 'offheap watch --histogram " + pid + "' or 'jcmd " + pid
                        + " VM.metaspace'. If the application needs that many classes, raise -XX:" + limit + "; if"
                        + " loaders keep being created, cache what they generate instead.",
                null));
    }
}
