package dev.offheap.capture;

import dev.offheap.analyze.ProfileCulprits;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.InputException;
import dev.offheap.model.Recording;
import dev.offheap.model.Sizes;
import dev.offheap.model.TargetException;
import dev.offheap.model.WatchReport;
import dev.offheap.saved.CaptureShelf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The captures of one offheap process ({@code watch} or {@code export}): samplers {@link #observe} their JVMs, which
 * decides at once whether one must be captured; captures run one after the other on a thread of their own (the
 * sampling of other JVMs never waits for one), each under the host's capture lock, and each is announced in one log
 * line, counted by reason and kept as the JVM's newest; the growth profile of a JVM whose native memory grows is taken
 * once beside them and added to its captures ({@link CaptureProfiles}). When a JVM ends ({@link #ended}), whether the
 * OOM killer ended it is told in one line and added to its captures. Thread-safe.
 */
public final class Captures implements AutoCloseable {
    private final CaptureSettings settings;
    private final Capturer capturer;
    private final CaptureProfiles profiles;
    private final Consumer<String> log;
    private final String holder;
    private final Map<Long, Followed> followed = new HashMap<>();
    /** Captures asked for and not started, by pid: a higher threshold replaces a lower one still waiting. */
    private final Map<Long, CaptureRequest> waiting = new HashMap<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<Long, Saved> latest = new HashMap<>();
    /** The newest captures of JVMs that ended, newest last (at most {@link #KEPT}). */
    private final Deque<Saved> endedLatest = new ArrayDeque<>();
    private static final int KEPT = 100;
    /** Every capture this process saved, oldest first (at most {@link #KEPT}). */
    private final Deque<Saved> history = new ArrayDeque<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "offheap-capture");
        t.setDaemon(true);
        return t;
    });
    private long errors;
    private boolean closed;
    private boolean lockUnavailableSaid;

    /** One JVM followed: its trigger, its OOM counters, its captures. */
    private static final class Followed {
        final CaptureTrigger trigger;
        final OomTracker oom;
        final List<Saved> captures = new ArrayList<>();
        Subject subject;

        Followed(CaptureTrigger trigger, OomTracker oom, Subject subject) {
            this.trigger = trigger;
            this.oom = oom;
            this.subject = subject;
        }
    }

    /**
     * {@code takenBy} names this process in capture.txt and the host lock ("offheap export 0.1.0 (pid 1234)");
     * {@code log} gets the one-line announcements (without the command's prefix).
     */
    public Captures(CaptureSettings settings, GrowthStep growth, String takenBy, String toolVersion, Consumer<String> log) {
        this.settings = settings;
        this.capturer = new Capturer(settings, takenBy, toolVersion);
        this.profiles = new CaptureProfiles(growth, log);
        this.log = log;
        this.holder = takenBy;
        // every reason counted from 0, so that the first capture is an increase of the counter
        settings.percents().forEach(p -> counts.put(CaptureReason.threshold(p).label(), 0L));
        counts.put(CaptureReason.TIME_TO_LIMIT.label(), 0L);
    }

    /**
     * One sample of a followed JVM: {@code measure} (null when it has no limit to measure against), the window of
     * samples before it as a recording (made only when a capture is asked for) and its analysis.
     */
    public void observe(Subject subject, CaptureMeasure measure, Supplier<Recording> window, WatchReport windowReport,
                        LiveSnapshot.Pools pools) {
        Followed f;
        synchronized (this) {
            f = followed.get(subject.pid());
        }
        if (f == null) {
            OomTracker oom = OomTracker.of(subject.pid()); // reads /proc and the cgroup: outside the lock
            synchronized (this) {
                f = followed.computeIfAbsent(subject.pid(),
                        p -> new Followed(new CaptureTrigger(settings.percents(), settings.aheadMillis()), oom, subject));
            }
        } else {
            f.oom.update();
        }
        if (measure == null) {
            return;
        }
        synchronized (this) {
            f.subject = subject;
            Optional<CaptureReason> reason = f.trigger.check(measure);
            if (reason.isEmpty() || closed) {
                return;
            }
            CaptureRequest r = new CaptureRequest(subject, reason.get(), measure, window.get(), windowReport, pools,
                    System.currentTimeMillis());
            CaptureRequest before = waiting.get(subject.pid());
            if (before == null) {
                waiting.put(subject.pid(), r);
                Followed of = f;
                run(() -> capture(of, subject.pid()));
            } else if (r.reason().percent() > before.reason().percent()) {
                waiting.put(subject.pid(), r); // 90% replaces a 75% capture that has not started: one of that moment
            }
        }
    }

    /** A followed JVM has ended (its process is gone): says whether the OOM killer ended it, on the capture thread. */
    public synchronized void ended(long pid) {
        Followed f = followed.remove(pid);
        waiting.remove(pid); // no capture of a JVM that is gone
        profiles.ended(pid);
        Saved newest = latest.remove(pid);
        if (newest != null) {
            endedLatest.addLast(newest);
            while (endedLatest.size() > KEPT) {
                endedLatest.removeFirst();
            }
        }
        if (f == null || closed) {
            return;
        }
        long noticed = System.currentTimeMillis();
        List<Saved> saved = f.captures; // the same list: a capture under way is added before this task runs
        Subject who = f.subject;
        run(() -> JvmEnd.judge(who, f.oom, saved, noticed, log));
    }

    /** The newest capture of {@code pid}, if any. */
    public synchronized Optional<Saved> latest(long pid) {
        return Optional.ofNullable(latest.get(pid));
    }

    /** Every followed JVM's newest capture, by pid. */
    public synchronized Map<Long, Saved> latest() {
        return Map.copyOf(latest);
    }

    /** The newest captures of JVMs that ended (an OOM kill's evidence among them), oldest first. */
    public synchronized List<Saved> endedLatest() {
        return List.copyOf(endedLatest);
    }

    /** The captures this process saved (the last hundred), oldest first. */
    public synchronized List<Saved> history() {
        return List.copyOf(history);
    }

    /** Captures saved since the start, by reason label. */
    public synchronized Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /** Captures that failed (nothing kept) since the start. */
    public synchronized long errors() {
        return errors;
    }

    /** Waits until no capture or end is queued or running, at most {@code millis}; true when idle. */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        try {
            worker.submit(() -> { }).get(millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed: idle once the last task ended
            if (!worker.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        return profiles.awaitIdle(Math.max(1, end - System.currentTimeMillis()));
    }

    /** Runs {@code task} on the capture thread after those queued before it; a bug in it is said, never thrown. */
    private void run(Runnable task) {
        worker.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.accept("internal error in a capture: " + e);
            }
        });
    }

    private void capture(Followed f, long pid) {
        CaptureRequest r;
        synchronized (this) {
            r = waiting.remove(pid);
        }
        if (r == null) {
            return;
        }
        String what = r.subject().words() + ": capture at " + r.measure().reasonWords(r.reason());
        try (CaptureLock lock = CaptureLock.take(settings, holder + ", capturing pid " + pid,
                line -> lockNote(r.subject().words() + ": " + line))) {
            if (!lock.held()) {
                failed(what + " not taken: " + lock.why());
                return;
            }
            Saved s = capturer.take(r, line -> log.accept(r.subject().words() + ": " + line));
            List<CaptureShelf.Entry> removed = prune();
            synchronized (this) {
                counts.merge(r.reason().label(), 1L, Long::sum);
                f.captures.add(s);
                history.addLast(s);
                if (history.size() > KEPT) {
                    history.removeFirst();
                }
                if (followed.get(pid) == f) {
                    latest.put(pid, s);
                } else {
                    endedLatest.addLast(s); // it ended while captured: its end is judged next, with this capture
                }
            }
            log.accept(r.subject().words() + ": saved a capture: " + r.measure().why(r.reason()) + "; in " + s.dir() + " ("
                    + Sizes.format(s.bytes()) + ", " + millis(s.finishedAtMillis() - s.startedAtMillis()) + "; 'offheap analyze'"
                    + " reads it)" + (s.missing().isEmpty() ? "" : ", without its " + String.join(" and ", s.missing())
                    + " (its MANIFEST.txt says why)") + prunedWords(removed));
            profiles.saved(r.subject(), s.dir(), ProfileCulprits.nativeGrowth(r.windowReport()), r.measure());
        } catch (TargetException | InputException e) {
            failed(what + " failed: " + e.getMessage());
        }
    }

    /** "37 ms", "1.4 s" */
    private static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private synchronized void failed(String line) {
        errors++;
        log.accept(line);
    }

    private void lockNote(String line) {
        if (line.contains(CaptureLock.UNAVAILABLE)) {
            synchronized (this) {
                if (lockUnavailableSaid) {
                    return;
                }
                lockUnavailableSaid = true;
            }
        }
        log.accept(line);
    }

    private List<CaptureShelf.Entry> prune() {
        try {
            return CaptureShelf.prune(settings.dir(), settings.keep(), settings.maxBytes());
        } catch (java.io.UncheckedIOException e) {
            log.accept("cannot keep " + settings.dir() + " within its bounds: " + e.getCause().getMessage());
            return List.of();
        }
    }

    private String prunedWords(List<CaptureShelf.Entry> removed) {
        if (removed.isEmpty()) {
            return "";
        }
        return "; removed " + (removed.size() == 1 ? "the oldest capture " + removed.get(0).name()
                : "the " + removed.size() + " oldest captures") + " (the folder keeps " + settings.keep() + " captures, "
                + Sizes.format(settings.maxBytes()) + ")";
    }

    /** Stops taking captures; one under way may finish within 30 s (its thread is a daemon: it never holds the exit). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        profiles.close();
    }
}
