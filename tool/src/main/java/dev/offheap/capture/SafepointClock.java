package dev.offheap.capture;

import dev.offheap.model.PerfCounters;
import dev.offheap.proc.PerfDataFiles;
import dev.offheap.redact.Redactor;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The time a JVM spent at safepoints, from its hsperfdata counters ({@code sun.rt.safepointTime} in ticks of
 * {@code sun.os.hrt.frequency}, {@code sun.rt.safepoints}): read before and after an operation, the pause it cost.
 * Without counters (-XX:-UsePerfData) the wall time of the operation is the bound said instead.
 */
final class SafepointClock {
    private final long pid;
    private final OptionalLong ticks;
    private final OptionalLong count;
    private final long startNanos;

    private SafepointClock(long pid, OptionalLong ticks, OptionalLong count) {
        this.pid = pid;
        this.ticks = ticks;
        this.count = count;
        this.startNanos = System.nanoTime();
    }

    static SafepointClock of(long pid) {
        PerfCounters c = PerfDataFiles.counters(pid, Redactor.standard()).orElse(null);
        return new SafepointClock(pid, c == null ? OptionalLong.empty() : c.number("sun.rt.safepointTime"),
                c == null ? OptionalLong.empty() : c.number("sun.rt.safepoints"));
    }

    /** "the JVM was paused 1.32 s (2 safepoints, hsperfdata)" or "the JVM was paused at most 1.4 s (the dump's wall time)". */
    String pausedSince() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        PerfCounters c = PerfDataFiles.counters(pid, Redactor.standard()).orElse(null);
        OptionalLong now = c == null ? OptionalLong.empty() : c.number("sun.rt.safepointTime");
        OptionalLong frequency = c == null ? OptionalLong.empty() : c.number("sun.os.hrt.frequency");
        OptionalLong safepoints = c == null ? OptionalLong.empty() : c.number("sun.rt.safepoints");
        if (ticks.isEmpty() || now.isEmpty() || frequency.isEmpty() || frequency.getAsLong() <= 0) {
            return String.format(Locale.ROOT, "the JVM was paused at most %.2f s (the dump's wall time; no safepoint counters)", wall);
        }
        double paused = (now.getAsLong() - ticks.getAsLong()) / (double) frequency.getAsLong();
        long n = count.isPresent() && safepoints.isPresent() ? safepoints.getAsLong() - count.getAsLong() : -1;
        return String.format(Locale.ROOT, "the JVM was paused %.2f s (%s, its hsperfdata counters; %.2f s wall time)", paused,
                n < 0 ? "safepoint time" : n + (n == 1 ? " safepoint" : " safepoints"), wall);
    }
}
