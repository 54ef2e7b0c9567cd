package dev.offheap.analyze.rules;

import dev.offheap.analyze.Growth;
import dev.offheap.analyze.GrowthRule;
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
 * DUPLICATE_CLASSES: the class histogram (--histogram) lists the same class name many times, i.e. as many copies
 * defined by different loaders: redeployments that leak the old application, or a loader per task.
 */
public final class DuplicateClassesRule implements GrowthRule {
    private static final long MIN_COPIES = 3;
    private static final long MANY_COPIES = 50;

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.METASPACE, MemoryCategory.CLASS_SPACE);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        Optional<ClassStats> last = g.lastClassStats();
        if (last.isEmpty() || last.get().duplicateClasses().isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, Long> top = last.get().duplicateClasses().entrySet().iterator().next();
        if (top.getValue() < MIN_COPIES) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        last.get().duplicateClasses().entrySet().stream().limit(5)
                .forEach(e -> evidence.add(e.getKey() + " is loaded " + e.getValue() + " times"));
        evidence.add(last.get().duplicateClasses().size() + " class names are loaded more than once");
        return Optional.of(new Finding(FindingId.DUPLICATE_CLASSES, top.getValue() >= MANY_COPIES ? Severity.WARNING : Severity.INFO,
                top.getKey() + " is loaded " + top.getValue() + " times",
                "Each copy of a class comes from a different class loader and has its own metadata. A few copies are"
                        + " normal in application servers and plugin systems; many copies of the same class mean loaders are"
                        + " created again and again and the old ones are kept (a redeploy leak, a loader per request).",
                evidence,
                "Find who creates the loaders of " + top.getKey() + " (jcmd " + g.recording().pid()
                        + " VM.classloaders shows the tree on JDK 11+) and reuse one; check what keeps the old ones reachable"
                        + " in a heap dump.",
                Culprit.ofClass(top.getKey())));
    }
}
