package dev.offheap.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final AtomicReference<Published> published = new AtomicReference<>(new Published(List.of(), 0, 0, 0));
    private final ExecutorService samplers = Executors.newFixedThreadPool(2, daemon("offheap-export-sampler"));
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("offheap-export-cycle"));

    public Exporter(ExportSettings settings) {
        this.settings = settings;
        this.discovery = new JvmDiscovery(settings);
    }

    /** Runs a cycle now and then every interval (a late cycle delays the next; cycles never overlap). */
    public void start() {
        clock.scheduleAtFixedRate(this::cycleQuietly, 0, settings.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    public Published published() {
        return published.get();
    }

    /** One cycle: discover, sample every selected JVM, publish. */
    public synchronized void cycle() throws InterruptedException {
        long start = System.nanoTime();
        List<JvmDiscovery.Found> found = discovery.scan();
        Set<String> alive = new HashSet<>();
        int refused = 0;
        List<TargetWatch> toSample = new ArrayList<>();
        for (JvmDiscovery.Found f : found) {
            if (f.refusal() != null) {
                refused++;
                continue;
            }
            alive.add(f.key());
            toSample.add(watches.computeIfAbsent(f.key(), k -> new TargetWatch(TargetLabels.of(f.jvm()), settings)));
        }
        watches.keySet().retainAll(alive);
        long now = System.currentTimeMillis();
        List<Callable<TargetState>> tasks = toSample.stream().<Callable<TargetState>>map(w -> () -> w.sample(now)).toList();
        List<TargetState> states = new ArrayList<>();
        for (Future<TargetState> f : samplers.invokeAll(tasks)) {
            try {
                TargetState s = f.get();
                // a JVM that exited during its sample is left out (it is gone at the next cycle anyway)
                if (s.measured() != null || ProcessHandle.of(s.labels().pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    states.add(s);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("sampling failed", e.getCause());
            }
        }
        states.sort(Comparator.comparingLong(s -> s.labels().pid()));
        double seconds = (System.nanoTime() - start) / 1e9;
        published.set(new Published(states, refused, seconds, published.get().cycles() + 1));
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
