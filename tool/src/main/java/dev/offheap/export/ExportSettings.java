package dev.offheap.export;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How {@code offheap export} runs: the sampling interval, the window the growth rules look back on, which JVMs
 * (the listed pids, or every local JVM whose command line matches {@code match}; null: all), and whether the
 * buffer-pool agent may be loaded.
 */
public record ExportSettings(long intervalMillis, long windowMillis, Set<Long> pids, Pattern match, boolean agent) {
    public ExportSettings {
        pids = Set.copyOf(pids);
    }

    /** Samples kept per JVM: the window's worth, and at least the 4 that growth needs. */
    public int windowSamples() {
        return (int) Math.max(4, windowMillis / intervalMillis);
    }

    /** How long the agent's republishing thread runs past the last sample: a few intervals, at least a minute. */
    public long agentLeaseMillis() {
        return Math.max(60_000, 4 * intervalMillis);
    }
}
