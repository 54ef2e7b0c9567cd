package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.MallocRecording;
import java.util.Locale;

/**
 * How long the default profile may record frees. Recording a free costs the target about {@link #FREE_NANOS} (a JFR
 * event per free; bench/profile-overhead.sh), whatever the sampling interval, while a sampled malloc that is not
 * recorded costs only a counter update. So the default first samples mallocs without frees for a short probe, counts
 * from it the target's malloc calls per second (each recorded allocation of s bytes stands for max(1, I/s) calls) and
 * its CPU use, and then records frees only as long as that stays within a share of the target's own CPU time over
 * the whole profile: the whole remaining time for a service that mallocs a few thousand times a second, a few
 * milliseconds for a loop that does nothing else.
 */
public final class ProfileBudget {
    /** Measured cost to the target of one recorded free (with its malloc), nanoseconds. */
    public static final long FREE_NANOS = 1300;

    /** {@code millis}: how long to record frees; {@code note}: why, for the profile's notes. */
    public record LeakPhase(long millis, double callsPerSecond, String note) {
    }

    private ProfileBudget() {
    }

    /**
     * @param probe           the probe recording (mallocs sampled, no frees)
     * @param targetCpuNanos  the target's CPU time (all threads) during the probe
     * @param totalMillis     the whole profile's length, probe included
     * @param remainingMillis the time left after the probe
     * @param maxCost         the share of the target's CPU time the free recording may cost over the whole profile
     */
    public static LeakPhase plan(MallocRecording probe, long intervalBytes, long targetCpuNanos, long totalMillis,
                                 long remainingMillis, double maxCost) {
        double seconds = Math.max(probe.durationNanos(), 1_000_000) / 1e9;
        long calls = 0;
        for (MallocRecording.Call c : probe.calls()) {
            if (!c.isFree()) {
                calls += LeakMatcher.weightCalls(c, intervalBytes);
            }
        }
        double callsPerSecond = calls / seconds;
        double cpuShare = targetCpuNanos / 1e9 / seconds; // cores the target keeps busy
        double costShare = callsPerSecond * FREE_NANOS / 1e9; // cores that recording every free would take
        long millis = costShare <= 0 ? remainingMillis
                : (long) Math.min(remainingMillis, totalMillis * maxCost * cpuShare / costShare);
        String why = String.format(Locale.ROOT, "frees recorded for %.1f s of %.1f s: the target made %s malloc calls/s and"
                        + " used %.0f%% of a core; recording frees costs about %.1f us each, kept within %.1f%% of its CPU time"
                        + " (--max-cost)%s", millis / 1000.0, totalMillis / 1000.0, rate(callsPerSecond), cpuShare * 100,
                FREE_NANOS / 1000.0, maxCost * 100, millis < remainingMillis ? "; --exact records them all along" : "");
        return new LeakPhase(millis, callsPerSecond, why);
    }

    /** Frees recorded for less than this (and less than half the profile) cannot tell "nothing leaked". */
    public static final long MIN_JUDGED_MILLIS = 5000;

    /**
     * Why a budgeted profile that found no leak could not judge, or null when it could: frees recorded for less than
     * {@link #MIN_JUDGED_MILLIS} (and less than half of the profile) make "nothing leaked" a statement about a moment,
     * in which the few samples may miss a leak altogether.
     */
    public static String unjudged(AllocationProfile p, LeakPhase phase, long totalMillis) {
        long judged = p.judgedMillis() == null ? 0 : p.judgedMillis();
        if (judged >= Math.min(MIN_JUDGED_MILLIS, totalMillis / 2)) {
            return null;
        }
        return String.format(Locale.ROOT, "could not judge: frees were recorded for %.1f s of %.1f s (allocations of %.1f s"
                        + " judged), because the target's %s malloc calls/s would cost more than --max-cost to record longer;"
                        + " in so short a time the sampled allocations may miss a leak altogether, so no leak found here does not"
                        + " mean none: run the growth profile (offheap profile PID) to see what grows, then --malloc --exact",
                phase.millis() / 1000.0, totalMillis / 1000.0, judged / 1000.0, rate(phase.callsPerSecond()));
    }

    private static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f M", perSecond / 1e6);
        }
        return perSecond >= 1e4 ? String.format(Locale.ROOT, "%.0f k", perSecond / 1e3) : String.format(Locale.ROOT, "%.0f", perSecond);
    }
}
