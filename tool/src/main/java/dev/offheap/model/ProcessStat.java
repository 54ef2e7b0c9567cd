package dev.offheap.model;

/**
 * The counters of {@code /proc/PID/stat} the tool uses: page faults the kernel counted for the process so far (its
 * threads, dead ones included), CPU time in clock ticks, and its threads now.
 */
public record ProcessStat(long minorFaults, long majorFaults, long userTicks, long systemTicks, long threads) {
    public long faults() {
        return minorFaults + majorFaults;
    }
}
