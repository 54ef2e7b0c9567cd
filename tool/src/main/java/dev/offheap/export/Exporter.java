package dev.offheap.export;

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
 * published, so scrapes cost the targets nothing and any number of Prometheus servers may scrape.
 */
public final class Exporter implements AutoCloseable {
    /** What a scrape shows: every followed JVM's state and how the last cycle went. */
    public record Published(List<TargetState> targets, int refused, double cycleSeconds, long cycles) {
        public Published {
            targets = List.copyOf(targets);
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
    private final AtomicReference<Published> published = new AtomicReference<>(new Published(List.of(), 0, 0, 0));
    private final ExecutorService samplers = Executors.newFixedThreadPool(2, daemon("offheap-export-sampler"));
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("offheap-export-cycle"));

    public Exporter(ExportSettings settings) {
        this(settings, System.err);
    }

    /** An exporter whose log (one line per change of a JVM's condition) goes to {@code log}. */
    public Exporter(ExportSettings settings, PrintStream log) {
        this.settings = settings;
        this.discovery = new JvmDiscovery(settings);
        this.log = log;
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
            TargetWatch w = watches.computeIfAbsent(f.key(), k -> new TargetWatch(TargetLabels.of(f.jvm()), settings));
            toSample.add(w);
            keys.put(w, f.key());
        }
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
        double seconds = (System.nanoTime() - start) / 1e9;
        this.published.set(new Published(published, refused, seconds, this.published.get().cycles() + 1));
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
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
