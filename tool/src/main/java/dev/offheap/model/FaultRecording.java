package dev.offheap.model;

import java.util.List;

/**
 * One recording of async-profiler's page-faults event: the sampled stacks (faults already scaled by its interval),
 * the samples in all, and the samples left out because they were the profiler's own start (its library on the stack).
 */
public record FaultRecording(List<FaultStack> stacks, long samples, long dropped, long startNanos, long endNanos) {
    public FaultRecording {
        stacks = List.copyOf(stacks);
    }
}
