package dev.offheap.zoo;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's method-handle internals piling up: a call-site cache (as in a dynamic language runtime or expression
 * evaluator) that adapts one target to every new argument signature it meets ({@code dropArguments}), binds a
 * receiver value ({@code insertArguments}), invokes it once and keeps it. Each new signature spins LambdaForm
 * classes ({@code java.lang.invoke.LambdaForm$MH/0x…}, hidden, in the boot loader) for the adapter and its invoker.
 * {@code args[0]} new signatures per second (default 100).
 */
public final class MethodHandleShapes {
    private static final List<MethodHandle> CACHE = new ArrayList<>();
    private static final Class<?>[] KINDS = {Object.class, int.class, long.class, double.class};

    private MethodHandleShapes() {
    }

    public static void main(String[] args) throws Throwable {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        MethodHandle target = MethodHandles.lookup().findStatic(MethodHandleShapes.class, "describe",
                MethodType.methodType(String.class, String.class, int.class));
        long next = 1;
        int length = 0;
        boolean announced = false;
        while (true) {
            long start = System.nanoTime();
            for (int i = 0; i < Math.max(1, perSecond / 10); i++, next++) {
                Class<?>[] signature = signature(next);
                MethodHandle adapted = MethodHandles.dropArguments(
                        MethodHandles.insertArguments(target, 0, "site-" + next), 1, signature);
                Object[] values = new Object[signature.length + 1];
                values[0] = (int) next;
                for (int p = 0; p < signature.length; p++) {
                    values[p + 1] = sample(signature[p]);
                }
                length += ((String) adapted.invokeWithArguments(values)).length();
                CACHE.add(adapted);
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            if (length < 0) {
                System.out.println(length);
            }
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - start) / 1_000_000));
        }
    }

    /** The n-th signature: n's base-4 digits pick Object, int, long or double (a new sequence for each n). */
    static Class<?>[] signature(long n) {
        List<Class<?>> types = new ArrayList<>();
        for (long rest = n; rest > 0; rest /= KINDS.length) {
            types.add(KINDS[(int) (rest % KINDS.length)]);
        }
        return types.toArray(new Class<?>[0]);
    }

    private static Object sample(Class<?> type) {
        return type == int.class ? (Object) 1 : type == long.class ? (Object) 2L : type == double.class ? (Object) 3.0 : "x";
    }

    private static String describe(String site, int call) {
        return site + "#" + call;
    }
}
