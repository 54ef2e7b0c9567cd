package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * A large, steady class population for measuring what reading it costs: {@code args[0]} loaders (default 10000),
 * each defining {@code args[1]} renamed copies of {@link Gen000000} (default 5: 50,000 classes) with one instance
 * each, all kept. Prints "ready" when all are defined, then does nothing.
 */
public final class ClassLoaderFarm {
    private static final List<Object> KEPT = new ArrayList<>();

    private ClassLoaderFarm() {
    }

    public static void main(String[] args) throws Exception {
        int loaders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perLoader = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[][] bytes = new byte[perLoader][];
        for (int c = 0; c < perLoader; c++) {
            bytes[c] = GeneratedClasses.renamed(c + 1);
        }
        for (int l = 0; l < loaders; l++) {
            GeneratedClasses.GeneratingLoader loader = new GeneratedClasses.GeneratingLoader();
            for (int c = 0; c < perLoader; c++) {
                Class<?> k = loader.define(GeneratedClasses.className(c + 1), bytes[c]);
                KEPT.add(k.getDeclaredConstructor().newInstance());
            }
            KEPT.add(loader);
        }
        Ready.announce();
        Thread.sleep(Long.MAX_VALUE);
    }
}
