package dev.offheap.model;

import java.util.List;

/**
 * Page faults sampled with one call stack in one thread (async-profiler's perf event {@code page-faults}): the frames
 * innermost first, the thread's name and id, the samples taken and the faults they stand for (samples times the
 * sampling interval of the recording they came from).
 */
public record FaultStack(List<StackFrame> frames, String thread, long tid, long samples, long faults) {
    public FaultStack {
        frames = List.copyOf(frames);
    }
}
