package dev.offheap.zoo;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A {@link Proxy} per call, each in a class loader of its own: {@code args[0]} times per second (default 200) a new
 * {@link CallLoader} is made and a proxy of {@link LongUnaryOperator} is created in it (a new {@code $Proxy} class,
 * and a dynamic module {@code jdk.proxyN} for that loader), used once and kept with its loader, as code does that
 * wraps every request in a proxy and gives each its own "isolated" loader.
 */
public final class ProxyPerCall {
    private static final List<Object> KEPT = new ArrayList<>();

    private ProxyPerCall() {
    }

    public static void main(String[] args) throws Exception {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        InvocationHandler handler = (proxy, method, a) -> method.getName().equals("applyAsLong") ? (Long) a[0] + 1 : null;
        long sum = 0;
        boolean announced = false;
        while (true) {
            long start = System.nanoTime();
            for (int i = 0; i < Math.max(1, perSecond / 10); i++) {
                CallLoader loader = new CallLoader();
                LongUnaryOperator op = (LongUnaryOperator) Proxy.newProxyInstance(loader,
                        new Class<?>[] {LongUnaryOperator.class}, handler);
                sum += op.applyAsLong(i);
                KEPT.add(op);
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            if (sum < 0) {
                System.out.println(sum);
            }
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - start) / 1_000_000));
        }
    }

    /** An empty loader per call: the proxy class is defined in it, so the loader lives as long as the proxy. */
    static final class CallLoader extends ClassLoader {
        CallLoader() {
            super(ProxyPerCall.class.getClassLoader());
        }
    }
}
