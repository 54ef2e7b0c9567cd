package dev.offheap.zoo;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Reflection accessors piling up (JDK 17 and older): {@code args[0]} times per second (default 100) one loader defines
 * a new renamed copy of {@link Gen000000}, and its method {@code work} is called reflectively 20 times, past the
 * inflation threshold (15), so JDK ≤ 17 generates a GeneratedMethodAccessor in a new DelegatingClassLoader for
 * each. JDK 18+ uses method handles instead (JEP 416): there the classes grow, but no accessor loaders.
 */
public final class ReflectionAccessors {
    private static final List<Object> KEPT = new ArrayList<>();

    private ReflectionAccessors() {
    }

    public static void main(String[] args) throws Exception {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        GeneratedClasses.GeneratingLoader loader = new GeneratedClasses.GeneratingLoader();
        int next = 1;
        boolean announced = false;
        while (true) {
            long start = System.nanoTime();
            for (int i = 0; i < Math.max(1, perSecond / 10); i++, next++) {
                Class<?> c = loader.define(GeneratedClasses.className(next), GeneratedClasses.renamed(next));
                Object o = c.getDeclaredConstructor().newInstance();
                Method work = c.getMethod("work", long.class);
                for (int call = 0; call < 20; call++) {
                    work.invoke(o, (long) call);
                }
                KEPT.add(o);
                KEPT.add(work);
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - start) / 1_000_000));
        }
    }
}
