package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A quiet service in steady state, for recordings of realistic size at little CPU: {@code args[0]} workers (default
 * 4) each handle a small request every 25 ms (strings and a map, then garbage), two of them taking turns on a lock
 * held for 25 ms, and every 10 s a burst of 32 MiB of short-lived arrays makes the GC run. With JFR's default
 * settings and 8 workers it records about 6.5 KB a second on JDK 25 (thread sleeps and monitor waits over their
 * 20 ms thresholds, GCs, periodic statistics: 23 MB an hour). Nothing grows; prints "ready" and runs until killed.
 */
public final class SteadyService {
    private static final Object LOCK = new Object();
    private static volatile Object sink;

    private SteadyService() {
    }

    public static void main(String[] args) throws InterruptedException {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        for (int w = 0; w < workers; w++) {
            int id = w;
            Thread t = new Thread(() -> work(id), "worker-" + w);
            t.setDaemon(true);
            t.start();
        }
        Ready.announce();
        while (true) {
            Thread.sleep(10_000);
            List<byte[]> burst = new ArrayList<>();
            for (int i = 0; i < 32 * 16; i++) {
                burst.add(new byte[64 * 1024]);
            }
            sink = burst;
        }
    }

    private static void work(int id) {
        Map<String, Integer> counts = new HashMap<>();
        try {
            for (long n = 0; ; n++) {
                StringBuilder request = new StringBuilder("request-").append(id).append('-').append(n);
                counts.merge(request.substring(0, Math.min(request.length(), 12)), 1, Integer::sum);
                if (counts.size() > 1000) {
                    counts.clear();
                }
                sink = request.toString();
                if (id < 2) {
                    synchronized (LOCK) {
                        Thread.sleep(25);
                    }
                } else {
                    Thread.sleep(25);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
