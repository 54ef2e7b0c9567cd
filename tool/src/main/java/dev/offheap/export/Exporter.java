package dev.offheap.export;

import dev.offheap.capture.Captures;
import dev.offheap.capture.Saved;
import dev.offheap.model.TargetException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sampling side of {@code offheap export}: every interval it finds the local JVMs, drops those that exited,
 * samples each (on two threads) and publishes the states at once. A scrape reads only what the last cycle
 * published, so scrapes cost the targets nothing and any number of Prometheus servers may scrape. With captures on,
 * each sample is shown to them (they run on a thread of their own) and each JVM that is gone is told to them.
 */
public final class Exporter implements AutoCloseable {
    /**
     * What a scrape shows: every followed JVM's state, how the last cycle went, and the captures: saved by reason,
     * failed, and the newest of each JVM by pid (its path is state, never a label).
     */
    public record Published(List<TargetState> targets, int refused, double cycleSeconds, long cycles,
                            Map<String, Long> captureCounts, long captureErrors, Map<Long, Saved> latestCaptures) {
        public Published {
            targets = List.copyOf(targets);
            captureCounts = Map.copyOf(captureCounts);
            latestCaptures = Map.copyOf(latestCaptures);
        }

        /** Without captures. */
        public Published(List<TargetState> targets, int refused, double cycleSeconds, long cycles) {
            this(targets, refused, cycleSeconds, cycles, Map.of(), 0, Map.of());
        }
    }

    private final ExportSettings settings;
    private final JvmDiscovery discovery;
    private final Map<String, TargetWatch> watches = new HashMap<>();
    /** Labels of the JVMs followed but not attached to (other users'), read once. */
    private final Map<String, TargetLabels> refusedLabels = new HashMap<>();
    /** The condition the log last said of each JVM ({@link TargetState#conditionKey()}), by discovery key. */
    private final Map<String, String> conditions = new HashMap<>();
    private final PrintStream log;
    /** Null when the exporter takes no captures. */
    private final Captures captures;
    private final AtomicReference<Published> published = new AtomicReference<>(new Published(List.of(), 0, 0, 0));
    private final ExecutorService samplers = Executors.newFixedThreadPool(2, daemon("offheap-export-sampler"));
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("offheap-export-cycle"));

    public Exporter(ExportSettings settings) {
        this(settings, System.err, null);
    }

    /** An exporter whose log (one line per change of a JVM's condition) goes to {@code log}. */
    public Exporter(ExportSettings settings, PrintStream log) {
        this(settings, log, null);
    }

    /** An exporter that shows its samples to {@code captures} (null: none), which it closes when it closes. */
    public Exporter(ExportSettings settings, PrintStream log, Captures captures) {
        this.settings = settings;
        this.discovery = new JvmDiscovery(settings);
        this.log = log;
        this.captures = captures;
    }

    /** Runs a cycle now and then every interval (a late cycle delays the next; cycles never overlap). */
    public void start() {
        clock.scheduleAtFixedRate(this::cycleQuietly, 0, settings.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    public Published published() {
        return published.get();
    }

    /**
     * One cycle: discover, sample every selected JVM, publish. A JVM of another user is published as not sampled
     * (other_user) without being attached to; a JVM that exited during its sample is published as exited once.
     */
    public synchronized void cycle() throws InterruptedException {
        long start = System.nanoTime();
        List<JvmDiscovery.Found> found = discovery.scan();
        Map<String, TargetState> refusedStates = new HashMap<>();
        int refused = 0;
        List<TargetWatch> toSample = new ArrayList<>();
        Map<TargetWatch, String> keys = new HashMap<>();
        for (JvmDiscovery.Found f : found) {
            if (f.refusal() != null) {
                refused++;
                TargetLabels labels = refusedLabels.computeIfAbsent(f.key(), k -> TargetLabels.of(f.jvm()));
                refusedStates.put(f.key(), TargetState.down(labels, TargetException.Reason.OTHER_USER, f.refusal(), 0));
                continue;
            }
            TargetWatch w = watches.computeIfAbsent(f.key(), k -> new TargetWatch(TargetLabels.of(f.jvm()), settings, captures));
            toSample.add(w);
            keys.put(w, f.key());
        }
        List<Long> gone = watches.entrySet().stream().filter(e -> !keys.containsValue(e.getKey()))
                .map(e -> e.getValue().labels().pid()).toList();
        watches.keySet().retainAll(keys.values());
        refusedLabels.keySet().retainAll(refusedStates.keySet());
        long now = System.currentTimeMillis();
        List<Callable<TargetState>> tasks = toSample.stream().<Callable<TargetState>>map(w -> () -> w.sample(now)).toList();
        Map<String, TargetState> states = new HashMap<>(refusedStates);
        List<Future<TargetState>> futures = samplers.invokeAll(tasks);
        for (int i = 0; i < futures.size(); i++) {
            try {
                states.put(keys.get(toSample.get(i)), futures.get(i).get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("sampling failed", e.getCause());
            }
        }
        logChanges(states);
        List<TargetState> published = new ArrayList<>(states.values());
        published.sort(Comparator.comparingLong(s -> s.labels().pid()));
        if (captures != null) {
            gone.forEach(captures::ended);
            published.stream().filter(s -> s.down() == TargetException.Reason.EXITED).forEach(s -> captures.ended(s.labels().pid()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cycles = this.published.get().cycles() + 1;
        this.published.set(captures == null ? new Published(published, refused, seconds, cycles)
                : new Published(published, refused, seconds, cycles, captures.counts(), captures.errors(), captures.latest()));
    }

    /**
     * One log line per JVM whose condition changed since the last cycle: not sampled (with the reason), sampled
     * without some parts, or sampled in full again. A JVM first seen in full, or gone, is not said.
     */
    private void logChanges(Map<String, TargetState> states) {
        for (Map.Entry<String, TargetState> e : new TreeMap<>(states).entrySet()) {
            TargetState s = e.getValue();
            if (Objects.equals(s.conditionKey(), conditions.get(e.getKey())) || s.down() == TargetException.Reason.EXITED) {
                continue;
            }
            TargetLabels l = s.labels();
            String condition = s.condition();
            log.println("offheap export: pid " + l.pid() + " (" + (l.mainClass() == null ? "?" : l.mainClass())
                    + (l.container().isEmpty() ? "" : ", container " + l.container()) + "): "
                    + (condition == null ? "sampled in full again" : condition));
        }
        log.flush();
        conditions.clear();
        states.forEach((key, s) -> {
            if (s.conditionKey() != null) {
                conditions.put(key, s.conditionKey());
            }
        });
    }

    private void cycleQuietly() {
        try {
            cycle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a bug: said, and the next cycle runs (an exception would end the schedule)
            System.err.println("offheap export: internal error in a sampling cycle: " + e);
            e.printStackTrace();
        }
    }

    /** Stops sampling; a cycle under way finishes first (at most one sample per JVM). */
    @Override
    public void close() {
        clock.shutdown();
        samplers.shutdown();
        try {
            clock.awaitTermination(30, TimeUnit.SECONDS);
            samplers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (captures != null) {
            captures.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
