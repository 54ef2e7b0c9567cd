package dev.offheap.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills the code cache: {@code args[0]} times per second (default 200) one loader defines a new renamed copy of
 * {@link Gen000000} and calls its methods often enough to be JIT-compiled, so compiled code keeps growing. Run with a
 * small -XX:ReservedCodeCacheSize (e.g. 8m) and -XX:-UseCodeCacheFlushing to see "CodeCache is full. Compiler has
 * been disabled."
 */
public final class CodeCacheFill {
    private static final List<Object> KEPT = new ArrayList<>();

    private CodeCacheFill() {
    }

    public static void main(String[] args) throws Exception {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        GeneratedClasses.GeneratingLoader loader = new GeneratedClasses.GeneratingLoader();
        int next = 1;
        long sink = 0;
        boolean announced = false;
        while (true) {
            long start = System.nanoTime();
            for (int i = 0; i < Math.max(1, perSecond / 10); i++, next++) {
                Class<?> c = loader.define(GeneratedClasses.className(next), GeneratedClasses.renamed(next));
                Runnable r = (Runnable) c.getDeclaredConstructor().newInstance();
                for (int call = 0; call < 2_000; call++) {
                    r.run(); // hot: compiled by C1 (and C2), each copy its own code
                }
                KEPT.add(r);
                sink += r.hashCode();
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - start) / 1_000_000));
            if (sink == 42) {
                System.out.println(sink);
            }
        }
    }
}
