package dev.offheap.capture;

import dev.offheap.model.CollectedFile;
import dev.offheap.model.InputException;
import dev.offheap.model.Sizes;
import dev.offheap.model.TargetException;
import dev.offheap.saved.GrowthProfileFiles;
import dev.offheap.saved.SnapshotFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The growth profile (sampled page faults, as {@code collect --profile} saves it) of each followed JVM whose native
 * memory grows: taken once, at its first capture that sees the growth, on a thread of its own beside the captures (it
 * samples the target for seconds, and the next capture, of this JVM at 90% or of another, must not wait for it), and
 * added to every capture of that JVM: to those saved while it ran when it ends, to later ones as they are saved. A
 * capture without native growth in its window, or whose JVM refused the profile, says so in its MANIFEST.txt.
 */
final class CaptureProfiles {
    private static final String FILE = GrowthProfileFiles.INDEX;
    /** Long enough for a few thousand samples of a leak; an OOM kill within it would leave no profile at all. */
    static final Duration LONGEST = Duration.ofSeconds(20);
    static final Duration SHORTEST = Duration.ofSeconds(5);
    /** How long closing waits for the profiles under way to stop their profilers (an attach each). */
    static final Duration STOPPING = Duration.ofSeconds(10);
    /**
     * What loading async-profiler adds to a JVM's memory, once: its library and symbol tables (measured: an idle JDK 17
     * in a v1 memory cgroup, working set 16 → 39 MiB, RSS +27 MiB). Twice this must be left below a container limit,
     * or the profile could bring on the OOM kill the capture is there to explain.
     */
    static final long PROFILER_LOAD_BYTES = 26L << 20;

    private final GrowthStep step;
    private final Consumer<String> log;
    private final Map<Long, Run> runs = new HashMap<>();
    private final java.util.Set<Long> tooNearSaid = new java.util.HashSet<>();
    private final List<Thread> threads = new ArrayList<>();

    /** One JVM's profile: the captures waiting for it, then its files (or why there are none). */
    private static final class Run {
        final List<Path> waiting = new ArrayList<>();
        List<CollectedFile> files;
    }

    CaptureProfiles(GrowthStep step, Consumer<String> log) {
        this.step = step;
        this.log = log;
    }

    /**
     * A capture of {@code subject} was saved in {@code dir}; {@code growing}: native memory grows in its window;
     * {@code measure}: how near the limit it was (its time to the limit bounds the profile; too near a container
     * limit, the profiler is not loaded and a later capture tries again).
     */
    void saved(Subject subject, Path dir, boolean growing, CaptureMeasure measure) {
        List<CollectedFile> files;
        synchronized (this) {
            Run run = runs.get(subject.pid());
            long left = measure.limitBytes() - measure.usedBytes();
            if (run == null && !growing) {
                files = List.of(new CollectedFile(FILE, null, "not taken: native memory did not grow in the window before"
                        + " the capture", "", 0));
            } else if (run == null && measure.limitKind().equals(CaptureMeasure.CONTAINER) && left < 2 * PROFILER_LOAD_BYTES) {
                String why = "not taken: loading async-profiler adds about " + Sizes.format(PROFILER_LOAD_BYTES) + " to the"
                        + " JVM, and " + measure.limitWords() + " was " + Sizes.format(Math.max(0, left)) + " away";
                files = List.of(new CollectedFile(FILE, null, why, "", 0));
                if (tooNearSaid.add(subject.pid())) {
                    log.accept(subject.words() + ": growth profile " + why + " (its captures keep the rest)");
                }
            } else if (run == null) {
                run = new Run();
                run.waiting.add(dir);
                runs.put(subject.pid(), run);
                start(subject, run, duration(measure.secondsToLimit()));
                return;
            } else if (run.files == null) {
                run.waiting.add(dir);
                return;
            } else {
                files = run.files;
            }
        }
        add(List.of(dir), files);
    }

    /** The JVM ended: a JVM that takes its pid later is profiled afresh (a profile under way still ends and is added). */
    synchronized void ended(long pid) {
        runs.remove(pid);
        tooNearSaid.remove(pid);
    }

    /** Waits for the profiles under way, at most {@code millis} in all; true when none runs any more. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        for (Thread t : snapshot()) {
            t.join(Math.max(1, end - System.currentTimeMillis()));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private synchronized List<Thread> snapshot() {
        threads.removeIf(t -> !t.isAlive());
        return List.copyOf(threads);
    }

    /**
     * {@link #LONGEST}, or half the time to the limit when that is shorter (not under {@link #SHORTEST}): a JVM killed
     * while profiled leaves no profile, and the captures after this one need it.
     */
    static Duration duration(Double secondsToLimit) {
        if (secondsToLimit == null) {
            return LONGEST;
        }
        long half = (long) (secondsToLimit * 500);
        return Duration.ofMillis(Math.max(SHORTEST.toMillis(), Math.min(LONGEST.toMillis(), half)));
    }

    /**
     * Stops the profiles still under way: each stops its profiler in the target and keeps nothing. Waits for that, at
     * most {@link #STOPPING} in all (the threads are daemons: the JVM's exit would not wait for them).
     */
    void close() {
        List<Thread> running = snapshot();
        running.forEach(Thread::interrupt);
        long end = System.currentTimeMillis() + STOPPING.toMillis();
        try {
            for (Thread t : running) {
                t.join(Math.max(1, end - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void start(Subject subject, Run run, Duration duration) {
        log.accept(subject.words() + ": native memory grows: its growth profile (sampled page faults) runs for "
                + duration.toSeconds() + " s beside the captures");
        Thread t = new Thread(() -> profile(subject, run, duration), "offheap-capture-profile-" + subject.pid());
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void profile(Subject subject, Run run, Duration duration) {
        List<CollectedFile> files;
        String said;
        try {
            // its progress lines are the profile's business; its warnings and waits are said
            files = step.profile(subject.pid(), duration, line -> {
                if (line.startsWith("warning: ") || line.startsWith("waiting for ")) {
                    log.accept(subject.words() + ": growth profile: " + line);
                }
            });
            said = files.stream().anyMatch(f -> f.content() != null) ? null : files.get(0).what();
        } catch (TargetException | InputException e) {
            files = List.of(new CollectedFile(FILE, null, "not taken: " + e.getMessage(), "", 0));
            said = files.get(0).what();
        } catch (RuntimeException e) {
            files = List.of(new CollectedFile(FILE, null, "not taken: internal error: " + e, "", 0));
            said = files.get(0).what();
        }
        List<Path> dirs;
        synchronized (this) {
            run.files = files;
            dirs = List.copyOf(run.waiting);
        }
        List<Path> added = add(dirs, files);
        if (said == null) {
            log.accept(subject.words() + ": growth profile added to " + (added.size() == 1 ? "its capture " + added.get(0)
                    : added.size() + " captures: " + added) + " ('offheap analyze' names what grew from it)");
        } else {
            log.accept(subject.words() + ": growth profile " + said + " (its captures keep the rest)");
        }
    }

    /** Adds the files to each capture still there (one removed to keep the folder's bounds is passed over). */
    private List<Path> add(List<Path> dirs, List<CollectedFile> files) {
        List<Path> added = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                for (CollectedFile f : files) {
                    SnapshotFolder.add(dir, f);
                }
                added.add(dir);
            } catch (IOException e) {
                log.accept("cannot add the growth profile to " + dir + ": " + e.getMessage());
            }
        }
        return added;
    }
}
