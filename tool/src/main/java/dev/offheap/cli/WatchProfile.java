package dev.offheap.cli;

import dev.offheap.analyze.GrowthFindings;
import dev.offheap.analyze.ProfileCulprits;
import dev.offheap.live.GrowthProfiler;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.InputException;
import dev.offheap.model.TargetException;
import dev.offheap.model.WatchReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code watch --profile}: the growth profile (sampled page faults, cost-capped), run once in the background as soon
 * as the watch sees growth it can name the cause of, and its culprits joined into the watch's growth findings.
 */
final class WatchProfile {
    private final long pid;
    private final Duration duration;
    private final PrintWriter err;
    private final AtomicReference<GrowthProfile> result = new AtomicReference<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private Thread thread;
    private long startedAtMillis;

    WatchProfile(long pid, Duration duration, PrintWriter err) {
        this.pid = pid;
        this.duration = duration;
        this.err = err;
    }

    /** Starts the profile if {@code soFar} shows growth and none ran yet; {@code elapsedMillis} into the watch. */
    void maybeStart(WatchReport soFar, long elapsedMillis) {
        if (thread != null || !ProfileCulprits.nativeGrowth(soFar)) {
            return;
        }
        startedAtMillis = elapsedMillis;
        GrowthProfiler.Settings s = new GrowthProfiler.Settings(duration, GrowthProfiler.DEFAULT_MAX_SAMPLES, null);
        thread = new Thread(() -> {
            try {
                result.set(GrowthProfiler.run(pid, s, line -> say("memory grows: " + line)));
            } catch (TargetException | InputException e) {
                failure.set(e.getMessage());
            }
        }, "offheap-watch-profile");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for the profile (it is bounded by its duration) and joins its culprits into the report. */
    WatchReport finish(WatchReport report, boolean cut) throws InterruptedException {
        if (thread == null) {
            return withNote(report, "--profile: no growth seen, no growth profile run");
        }
        if (thread.isAlive() && !cut) {
            say("waiting for the growth profile to end");
        }
        thread.join(cut ? 10_000 : duration.toMillis() + 60_000);
        GrowthProfile p = result.get();
        if (p == null) {
            return withNote(report, "--profile: the growth profile started at " + startedAtMillis / 1000 + " s did not finish: "
                    + (failure.get() == null ? "the watch ended first" : failure.get()));
        }
        String how = "growth profile of " + p.window().durationMillis() / 1000.0 + " s, started at " + startedAtMillis / 1000
                + " s into the watch when memory grew";
        return ProfileCulprits.join(report, p, GrowthFindings.evaluate(p), how);
    }

    private static WatchReport withNote(WatchReport r, String note) {
        java.util.List<String> notes = new java.util.ArrayList<>(r.notes());
        notes.add(note);
        return new WatchReport(r.recording(), r.growth(), r.findings(), notes);
    }

    private void say(String line) {
        synchronized (err) {
            err.println("offheap watch: " + line);
            err.flush();
        }
    }
}
