package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * A healthy service warming up: its heap cache fills by {@code args[0]} MiB per second (default 4) up to
 * {@code args[1]} MiB (default 64) and stays there, with request-like garbage all along. Run with a small -Xms so the
 * heap also expands: RSS grows, yet nothing leaks off-heap and offheap must report no warning.
 */
public final class HealthyWarmup {
    private static final List<byte[]> CACHE = new ArrayList<>();
    private static volatile Object sink;

    private HealthyWarmup() {
    }

    public static void main(String[] args) throws InterruptedException {
        int perSecondMib = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int maxMib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Ready.announce();
        while (true) {
            for (int i = 0; i < perSecondMib && CACHE.size() < maxMib * 4; i++) {
                byte[] entry = new byte[256 * 1024];
                entry[0] = 1;
                CACHE.add(entry);
            }
            for (int r = 0; r < 100; r++) {
                sink = new StringBuilder("request-").append(r).append(System.nanoTime()).toString();
            }
            Thread.sleep(250);
        }
    }
}
