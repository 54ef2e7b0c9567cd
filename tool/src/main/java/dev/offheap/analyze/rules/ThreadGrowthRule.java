package dev.offheap.analyze.rules;

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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * THREAD_GROWTH: the number of live threads rises steadily: thread pools created and never shut down, or threads
 * blocked forever. Each thread holds a stack (ThreadStackSize, touched pages resident) and native per-thread data.
 */
public final class ThreadGrowthRule implements GrowthRule {
    private static final long MIN_THREADS = 20;

    @Override
    public Set<MemoryCategory> memory() {
        return Set.of(MemoryCategory.THREAD_STACKS);
    }

    @Override
    public Optional<Finding> evaluate(Growth g) {
        Trend threads = g.liveThreads();
        Optional<Severity> severity = g.severity(threads, MIN_THREADS, OptionalLong.empty());
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("live threads " + Growth.describeCount(threads));
        Trend stacks = g.resident(MemoryCategory.THREAD_STACKS);
        if (stacks.samples() > 0) {
            evidence.add("thread stacks resident " + Growth.describeBytes(stacks));
        }
        long stackSize = g.flags().longValue("ThreadStackSize").orElse(1024) * 1024;
        evidence.add("ThreadStackSize=" + Sizes.format(stackSize) + ": each new thread may use up to that for its stack");
        return Optional.of(new Finding(FindingId.THREAD_GROWTH, severity.get(),
                "Threads keep being created and do not end",
                "Every thread has its own stack and native bookkeeping, and its stack references keep objects alive."
                        + " A steadily rising thread count usually means executors created per task or per request and"
                        + " never shut down, or threads blocked forever.",
                evidence,
                "List them with 'jcmd " + g.recording().pid() + " Thread.print' (a safepoint operation): many threads"
                        + " with the same name pattern (pool-123-thread-1) point at an ExecutorService that is never shut"
                        + " down; reuse one pool or call shutdown()." + (g.major() >= 21 ? " On JDK " + g.major()
                        + " virtual threads (Executors.newVirtualThreadPerTaskExecutor) avoid a platform thread per task." : ""),
                null));
    }
}
