package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.Budget;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CONTAINER_LIMIT_RISK: the cgroup memory limit is near (usage or RSS at 80%+ of it), or the JVM's own limits
 * allow more than the container does, so the kernel may kill it before the JVM throws OutOfMemoryError.
 */
public final class ContainerLimitRiskRule implements Rule {
    @Override
    public Optional<Finding> evaluate(Facts f) {
        CgroupMemory cg = f.snapshot().cgroup();
        if (cg == null || cg.limitBytes().isEmpty()) {
            return Optional.empty();
        }
        long limit = cg.limitBytes().getAsLong();
        long rss = f.explained().rssBytes();
        long usage = cg.usageBytes().orElse(rss);
        long used = Math.max(rss, usage);
        Budget b = f.budget();
        boolean budgetOver = b != null && b.totalBytes() > limit;
        if (used < limit * 8 / 10 && !budgetOver) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("cgroup limit " + Sizes.format(limit) + " (" + cg.path() + ")");
        evidence.add("RSS " + Sizes.format(rss) + " (" + Math.round(100.0 * rss / limit) + "% of the limit); cgroup usage "
                + Sizes.format(usage) + " (includes page cache)");
        if (budgetOver) {
            evidence.add("the JVM's budget " + Sizes.format(b.totalBytes()) + " is larger than the limit");
        }
        Severity severity = used >= limit * 9 / 10 ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Finding(FindingId.CONTAINER_LIMIT_RISK, severity,
                "The container's memory limit is " + (used >= limit * 8 / 10 ? "close" : "smaller than the JVM's limits allow"),
                "When a cgroup reaches its memory limit the kernel's OOM killer ends the process (exit 137) without a Java"
                        + " OutOfMemoryError or heap dump. The JVM's limits (heap, metaspace, direct memory, code cache,"
                        + " stacks) must fit inside the container's limit with room for native memory.",
                evidence,
                "Size the JVM to the container: lower -Xmx (or use -XX:MaxRAMPercentage=60 to 75), set -XX:MaxDirectMemorySize"
                        + " and -XX:MaxMetaspaceSize, or raise the container's memory limit; then fix what the other findings"
                        + " show growing.",
                null));
    }
}
