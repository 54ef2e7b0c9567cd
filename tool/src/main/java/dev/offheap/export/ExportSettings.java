package dev.offheap.export;

import dev.offheap.capture.CaptureSettings;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How {@code offheap export} runs: the sampling interval, the window the growth rules look back on, which JVMs
 * (the listed pids, or every local JVM whose command line matches {@code match}; null: all), and whether the
 * buffer-pool agent may be loaded; {@code capture}: how captures are taken (null: none).
 */
public record ExportSettings(long intervalMillis, long windowMillis, Set<Long> pids, Pattern match, boolean agent,
                             CaptureSettings capture) {
    public ExportSettings {
        pids = Set.copyOf(pids);
    }

    /** Settings without captures. */
    public ExportSettings(long intervalMillis, long windowMillis, Set<Long> pids, Pattern match, boolean agent) {
        this(intervalMillis, windowMillis, pids, match, agent, null);
    }

    /** Samples kept per JVM: the window's worth, and at least the 4 that growth needs. */
    public int windowSamples() {
        return (int) Math.max(4, windowMillis / intervalMillis);
    }

    /**
     * The latest end of the agent's republishing thread, from its load: a day. It ends long before when the exporter
     * stops (no attach operation for four intervals, at least a minute).
     */
    public long agentHorizonMillis() {
        return 24 * 3600_000L;
    }
}
