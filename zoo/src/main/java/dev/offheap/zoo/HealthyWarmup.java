package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * A healthy service warming up: its heap cache fills by {@code args[0]} MiB per second (default 4) up to
 * {@code args[1]} MiB (default 64) and stays there, with request-like garbage all along. Run with a small -Xms so the
 * heap also expands. For the first {@code args[2]} seconds (default 0) it also loads classes as a starting
 * application does, {@code args[3]} a second (default 40, in one loader, kept) and runs their code hot enough for
 * the JIT to compile it; then the set of classes is fixed. RSS, Metaspace and the code cache grow, yet nothing leaks
 * and offheap must report no warning.
 */
public final class HealthyWarmup {
    private static final List<byte[]> CACHE = new ArrayList<>();
    private static final List<Runnable> LOADED = new ArrayList<>();
    private static volatile Object sink;

    private HealthyWarmup() {
    }

    public static void main(String[] args) throws Exception {
        int perSecondMib = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int maxMib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        long warmMillis = (args.length > 2 ? Long.parseLong(args[2]) : 0) * 1000;
        int classesPerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        GeneratedClasses.GeneratingLoader loader = new GeneratedClasses.GeneratingLoader();
        long start = System.nanoTime();
        Ready.announce();
        while (true) {
            for (int i = 0; i < perSecondMib && CACHE.size() < maxMib * 4; i++) {
                byte[] entry = new byte[256 * 1024];
                entry[0] = 1;
                CACHE.add(entry);
            }
            if ((System.nanoTime() - start) / 1_000_000 < warmMillis) {
                for (int i = 0; i < classesPerSecond / 4; i++) {
                    int n = LOADED.size() + 1;
                    Class<?> c = loader.define(GeneratedClasses.className(n), GeneratedClasses.renamed(n));
                    LOADED.add((Runnable) c.getDeclaredConstructor().newInstance());
                }
            }
            for (Runnable r : LOADED) {
                r.run();
            }
            for (int r = 0; r < 100; r++) {
                sink = new StringBuilder("request-").append(r).append(System.nanoTime()).toString();
            }
            Thread.sleep(250);
        }
    }
}
