package dev.offheap.live;

import dev.offheap.analyze.GrowthProfiles;
import dev.offheap.attach.AttachClient;
import dev.offheap.model.FaultRecording;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.GrowthWindow;
import dev.offheap.model.Mapping;
import dev.offheap.model.ProcessStat;
import dev.offheap.model.ProcessStatus;
import dev.offheap.model.TargetException;
import dev.offheap.parse.profiles.PageFaultJfrReader;
import dev.offheap.proc.ProcReader;
import dev.offheap.profile.AsyncProfilerSession;
import dev.offheap.profile.PerfEventRefusal;
import dev.offheap.profile.PerfEventsUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The growth profile's recording: async-profiler's perf event {@code page-faults} in a live JVM, with the sampling
 * interval chosen from the fault rate the kernel counts ({@code /proc/PID/stat}) so that the samples per second stay
 * under a cap (a sample costs the target about 20 us of CPU: {@link #DEFAULT_MAX_SAMPLES}/s is 0.3% of a core), and chosen again when the
 * rate changes much (twice the cap at once, an eighth of it for three seconds: the recording is stopped and started
 * anew; each part is weighed by its own interval). RSS and
 * huge pages are read after the profiler's start returned (loading it adds ~26 MiB of its own) and before it stops.
 */
public final class GrowthProfiler {
    /** {@code maxSamplesPerSecond}: the cap; {@code fixedInterval}: a fixed interval instead (null: adapt). */
    public record Settings(Duration duration, long maxSamplesPerSecond, Long fixedInterval) {
    }

    /** The recordings with their window, and the maps of the target at the end (to name libraries). */
    public record Recorded(GrowthWindow window, List<FaultRecording> recordings, List<Mapping> maps, long pid) {
    }

    /**
     * The default cap of samples per second. A sample costs ~20 us at a slow leak and up to ~80 us where the target
     * faults 25,000 times a second (100 MiB/s: bench/profile-overhead.sh leak100, +0.34% of a core at 30/s, +1.26% at
     * 150/s once loaded), so 50/s keeps a profile under 1% of a core whatever the growth rate, and 60 s still give
     * 3,000 samples (a group's share ±2%).
     */
    public static final long DEFAULT_MAX_SAMPLES = 50;
    static final long PROBE_MILLIS = 1000;
    static final long CHECK_MILLIS = 1000;
    private static final long PAGE_SIZE = 4096;
    /** The pids a growth profile of this process is recording. */
    private static final java.util.Set<Long> PROFILED = new java.util.HashSet<>();

    private GrowthProfiler() {
    }

    /** Records {@code pid}'s page faults for the duration and makes the growth profile of them. */
    public static GrowthProfile run(long pid, Settings s, Consumer<String> say) {
        Recorded rec = record(pid, s, say, (file, interval) -> { });
        return profile(rec);
    }

    /** The growth profile of a recording, its libraries named as the live target shows them. */
    public static GrowthProfile profile(Recorded rec) {
        FaultLibraries.Named named = FaultLibraries.name(rec);
        return GrowthProfiles.build(rec.window(), rec.recordings(), named.function(), named.unsized(), List.of());
    }

    /**
     * Records {@code pid}'s page faults for the duration; {@code say} gets progress lines and warnings, {@code keep}
     * each finished JFR file with its interval (to save a copy) before it is deleted.
     *
     * @throws TargetException when the target cannot be profiled, refuses perf events (one line: why, and the remedy)
     *                         or exits meanwhile
     */
    public static Recorded record(long pid, Settings s, Consumer<String> say, BiConsumer<Path, Long> keep) {
        take(pid, say);
        try {
            return recordWindow(pid, s, say, keep);
        } catch (TargetException e) {
            // a target that exits between two reads of /proc fails there: say what happened, as the sleep does
            if (ProcReader.exited(pid) && !(e.getMessage() != null && e.getMessage().contains("exited during the profile"))) {
                throw new TargetException("pid " + pid + " exited during the profile: nothing to report", e);
            }
            throw e;
        } finally {
            release(pid);
        }
    }

    /**
     * One growth profile of a JVM at a time in this process: 'watch --profile' and a capture of the same watch may
     * both want one, and two would load async-profiler twice into the target (two copies, each with its perf events
     * and signal handlers). The second waits for the first to end.
     */
    private static void take(long pid, Consumer<String> say) {
        synchronized (PROFILED) {
            boolean said = false;
            while (PROFILED.contains(pid)) {
                if (!said) {
                    say.accept("waiting for the growth profile of pid " + pid + " under way to end");
                    said = true;
                }
                try {
                    PROFILED.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TargetException("interrupted while profiling");
                }
            }
            PROFILED.add(pid);
        }
    }

    private static void release(long pid) {
        synchronized (PROFILED) {
            PROFILED.remove(pid);
            PROFILED.notifyAll();
        }
    }

    private static Recorded recordWindow(long pid, Settings s, Consumer<String> say, BiConsumer<Path, Long> keep) {
        AsyncProfilerSession.Target target = MallocProfiler.describe(pid);
        ProcReader proc = new ProcReader(pid);
        long interval;
        if (s.fixedInterval() != null) {
            interval = s.fixedInterval();
        } else {
            long rate = faultRate(proc, pid, Math.min(PROBE_MILLIS, s.duration().toMillis() / 4));
            interval = interval(rate, s.maxSamplesPerSecond());
        }
        long total = s.duration().toMillis();
        List<FaultRecording> recordings = new ArrayList<>();
        List<GrowthWindow.Chunk> chunks = new ArrayList<>();
        try (AsyncProfilerSession session = start(pid, target, interval, say)) {
            long start = System.nanoTime();
            Mapping rss0 = proc.smapsRollup().value();
            ProcessStat stat0 = proc.stat();
            int threads0 = (int) stat0.threads();
            say.accept("sampling page faults of pid " + pid + " for " + seconds(total) + ", " + (interval == 1 ? "every fault"
                    : "one sample per " + interval + " faults") + " of each thread (Ctrl-C aborts)");
            long chunkStart = start;
            long end = start + total * 1_000_000;
            ProcessStat last = stat0;
            long lastAt = start;
            int quiet = 0;
            while (System.nanoTime() < end) {
                sleep(pid, Math.min(CHECK_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (s.fixedInterval() != null) {
                    continue;
                }
                ProcessStat now = proc.stat();
                long at = System.nanoTime();
                double rate = (now.faults() - last.faults()) * 1e9 / Math.max(1, at - lastAt);
                last = now;
                lastAt = at;
                long wanted = interval((long) rate, s.maxSamplesPerSecond());
                boolean tooMany = rate > 2.0 * s.maxSamplesPerSecond() * interval;
                // down only after a few quiet seconds: a burst (the JIT compiling, a GC) should not cost two restarts
                quiet = interval > 1 && rate < s.maxSamplesPerSecond() * interval / 8.0 ? quiet + 1 : 0;
                boolean tooFew = quiet >= 3;
                if ((tooMany || tooFew) && wanted != interval && end - at > CHECK_MILLIS * 1_000_000) {
                    recordings.add(finish(session, interval, keep));
                    chunks.add(new GrowthWindow.Chunk(interval, (at - chunkStart) / 1_000_000));
                    say.accept(String.format(java.util.Locale.ROOT, "%.0f faults/s: one sample per %d faults from now on",
                            rate, wanted));
                    interval = wanted;
                    chunkStart = at;
                    quiet = 0;
                    session.record(new AsyncProfilerSession.PageFaults(interval));
                }
            }
            Mapping rss1 = proc.smapsRollup().value();
            ProcessStat stat1 = proc.stat();
            long stopAt = System.nanoTime();
            List<Mapping> maps = proc.maps().value().mappings();
            recordings.add(finish(session, interval, keep));
            chunks.add(new GrowthWindow.Chunk(interval, (stopAt - chunkStart) / 1_000_000));
            GrowthWindow window = new GrowthWindow((stopAt - start) / 1_000_000, bytes(rss0.rssBytes()), bytes(rss1.rssBytes()),
                    bytes(rss0.anonHugePagesBytes()), bytes(rss1.anonHugePagesBytes()), stat1.faults() - stat0.faults(),
                    PAGE_SIZE, threads0, (int) stat1.threads(), chunks);
            return new Recorded(window, recordings, maps, pid);
        }
    }

    /** One sample per this many faults keeps {@code faultsPerSecond} under {@code cap} samples per second. */
    static long interval(long faultsPerSecond, long cap) {
        return Math.max(1, (faultsPerSecond + cap - 1) / cap);
    }

    private static AsyncProfilerSession start(long pid, AsyncProfilerSession.Target target, long interval, Consumer<String> say) {
        try {
            return AsyncProfilerSession.start(AttachClient.open(pid), target, new AsyncProfilerSession.PageFaults(interval),
                    w -> say.accept("warning: " + w));
        } catch (PerfEventsUnavailable e) {
            throw new TargetException("pid " + pid + ": perf events cannot be opened in the target, so its page faults"
                    + " cannot be sampled: " + PerfEventRefusal.reason(e, facts(pid)) + "; the malloc profile needs no perf"
                    + " events: offheap profile " + pid + " --malloc", e);
        }
    }

    static PerfEventRefusal.Facts facts(long pid) {
        OptionalLong paranoid = OptionalLong.empty();
        try {
            paranoid = OptionalLong.of(Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).strip()));
        } catch (IOException | NumberFormatException e) {
            // not there: a kernel without perf events, or /proc/sys hidden
        }
        ProcessStatus status = new ProcReader(pid).status().value();
        return new PerfEventRefusal.Facts(status.seccomp(), status.capEff(), status.effectiveUid().orElse(-1), paranoid);
    }

    private static FaultRecording finish(AsyncProfilerSession session, long interval, BiConsumer<Path, Long> keep) {
        Path file = session.stop();
        FaultRecording r = PageFaultJfrReader.read(file, interval);
        keep.accept(file, interval);
        return r;
    }

    /** Faults per second the kernel counts for the process over {@code millis}, before anything is loaded. */
    private static long faultRate(ProcReader proc, long pid, long millis) {
        long before = proc.stat().faults();
        long t0 = System.nanoTime();
        sleep(pid, millis);
        long after = proc.stat().faults();
        return (long) ((after - before) * 1e9 / Math.max(1, System.nanoTime() - t0));
    }

    private static long bytes(Long value) {
        return value == null ? 0 : value;
    }

    /** Sleeps, watching that the target lives: a target that exits ends the profile at once (nothing to report). */
    static void sleep(long pid, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        try {
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
                if (ProcReader.exited(pid)) {
                    throw new TargetException("pid " + pid + " exited during the profile: nothing to report");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while profiling");
        }
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
