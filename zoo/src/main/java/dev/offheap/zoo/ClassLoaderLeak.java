package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * A class loader leak: {@code args[0]} times per second (default 400) a new loader defines {@link Gen000000} again
 * (same name, new class), one instance is created, and loader and instance are kept in a static list, so no class
 * is ever unloaded: metaspace, loaded classes and loaders of one type grow. Prints "ready" after the first batch
 * (every 100 ms a batch of a tenth of a second's loaders, so that any rate, even below 10 a second, is kept).
 */
public final class ClassLoaderLeak {
    private static final List<Object> KEPT = new ArrayList<>();

    private ClassLoaderLeak() {
    }

    public static void main(String[] args) throws Exception {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        byte[] bytes = GeneratedClasses.template();
        boolean announced = false;
        for (long batch = 0; ; batch++) {
            long start = System.nanoTime();
            long loaders = perSecond * (batch + 1) / 10 - perSecond * batch / 10;
            for (int i = 0; i < loaders; i++) {
                GeneratedClasses.GeneratingLoader loader = new GeneratedClasses.GeneratingLoader();
                Class<?> c = loader.define(Gen000000.class.getName(), bytes);
                Runnable r = (Runnable) c.getDeclaredConstructor().newInstance();
                r.run();
                KEPT.add(loader);
                KEPT.add(r);
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - start) / 1_000_000));
        }
    }
}
