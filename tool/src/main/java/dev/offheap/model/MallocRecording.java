package dev.offheap.model;

import java.util.List;
import java.util.Map;

/**
 * The malloc/free calls an async-profiler {@code nativemem} recording holds: each call's time, address and size
 * (0 for free) and the id of its stack, plus the stacks by id. Times are nanoseconds on the recording's clock.
 */
public record MallocRecording(long startNanos, long endNanos, List<Call> calls, Map<Integer, List<StackFrame>> stacks) {
    /** One call: {@code sizeBytes} 0 means free(address). */
    public record Call(long timeNanos, long address, long sizeBytes, int stackId) {
        public boolean isFree() {
            return sizeBytes == 0;
        }
    }

    public MallocRecording {
        calls = List.copyOf(calls);
        stacks = Map.copyOf(stacks);
    }

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }
}
