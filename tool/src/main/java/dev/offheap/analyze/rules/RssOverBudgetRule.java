package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.Budget;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.Finding;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** RSS_OVER_BUDGET: the process uses more than its limits should allow; the largest rows say where the excess is. */
public final class RssOverBudgetRule implements Rule {
    @Override
    public Optional<Finding> evaluate(Facts f) {
        Budget b = f.budget();
        long rss = f.explained().rssBytes();
        if (b == null || rss <= b.totalBytes()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("RSS " + Sizes.format(rss) + " is " + Sizes.format(rss - b.totalBytes()) + " over the budget of "
                + Sizes.format(b.totalBytes()));
        for (Budget.Part p : b.parts()) {
            evidence.add("budget: " + p.name() + " " + Sizes.format(p.bytes()) + " (" + p.basis() + ")");
        }
        f.explained().categories().stream()
                .filter(u -> u.category() != MemoryCategory.JAVA_HEAP && u.residentBytes() > 0)
                .limit(3)
                .forEach(u -> evidence.add("largest outside the heap: " + u.category().text() + " " + Sizes.format(u.residentBytes())));
        CategoryUsage top = f.explained().categories().stream()
                .filter(u -> u.category() != MemoryCategory.JAVA_HEAP).findFirst().orElse(null);
        return Optional.of(new Finding("RSS_OVER_BUDGET", rss > b.totalBytes() * 3 / 2 ? Severity.CRITICAL : Severity.WARNING,
                "RSS exceeds what the JVM's limits allow",
                "The process holds more memory than heap, metaspace, direct memory, code cache and thread stacks may use"
                        + " together with a margin for the JVM and libraries: something outside those limits grows"
                        + (top == null ? "." : ", most likely in '" + top.category().text() + "'."),
                evidence,
                "Look at the largest rows outside the heap and the other findings; run 'offheap watch' to see what grows, and"
                        + " 'offheap profile' (the growth profile) to name what makes RSS grow: library, JNI method and Java caller.",
                null));
    }
}
