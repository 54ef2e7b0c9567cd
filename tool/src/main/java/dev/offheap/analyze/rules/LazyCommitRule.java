package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * LAZY_COMMIT: the JVM has committed much more than is resident. Committing is an mmap with read/write access;
 * pages become resident on first touch, so RSS grows towards committed as the heap fills. Not a leak.
 */
public final class LazyCommitRule implements Rule {
    private static final Set<MemoryCategory> MMAPPED = EnumSet.of(MemoryCategory.JAVA_HEAP, MemoryCategory.METASPACE,
            MemoryCategory.CLASS_SPACE, MemoryCategory.CODE_CACHE, MemoryCategory.THREAD_STACKS, MemoryCategory.GC);
    private static final long MIN_GAP_BYTES = 64L << 20;

    @Override
    public Optional<Finding> evaluate(Facts f) {
        long committed = 0;
        long resident = 0;
        List<String> evidence = new ArrayList<>();
        for (CategoryUsage u : f.explained().categories()) {
            if (MMAPPED.contains(u.category()) && u.committedBytes() != null) {
                committed += u.committedBytes();
                resident += u.residentBytes();
                long gap = u.committedBytes() - u.residentBytes();
                if (gap >= (16L << 20)) {
                    evidence.add(u.category().text() + ": committed " + Sizes.format(u.committedBytes()) + ", resident "
                            + Sizes.format(u.residentBytes()) + " (" + percent(u.residentBytes(), u.committedBytes()) + "%)");
                }
            }
        }
        long gap = committed - resident;
        if (gap < MIN_GAP_BYTES || gap < committed / 4) {
            return Optional.empty();
        }
        boolean preTouch = f.snapshot().flags() != null && f.snapshot().flags().bool("AlwaysPreTouch").orElse(false);
        evidence.add(0, "JVM committed " + Sizes.format(committed) + " but only " + Sizes.format(resident) + " is resident: "
                + Sizes.format(gap) + " not yet touched");
        evidence.add("AlwaysPreTouch=" + preTouch);
        return Optional.of(new Finding(FindingId.LAZY_COMMIT, Severity.INFO,
                FindingId.LAZY_COMMIT.title(),
                "NMT 'committed' is address space the JVM may use; the kernel makes pages resident only when they are"
                        + " first written. RSS will grow towards the committed size as the heap and other areas fill, without"
                        + " any leak. Compare RSS with the budget, not with the current committed size.",
                evidence,
                preTouch ? "Nothing to fix: AlwaysPreTouch is on, so the gap is outside the pre-touched heap."
                        : "Nothing to fix. To make RSS predictable from the start (e.g. in containers), -XX:+AlwaysPreTouch"
                        + " touches the whole heap at startup (slower start).",
                null));
    }

    private static long percent(long part, long whole) {
        return whole == 0 ? 0 : Math.round(100.0 * part / whole);
    }
}
