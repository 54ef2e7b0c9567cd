package dev.offheap.zoo;

/**
 * Thread churn without growth, for overhead measurements and as a healthy case: one thread starts a thread that
 * does a trivial task and joins it, as fast as it can, and reports the threads done through {@link WorkMeter} every
 * {@code args[0]} ms (default 100). Every start creates a thread stack and every join frees it, so the process
 * keeps faulting pages in (glibc reuses cached stacks, the JVM touches new guard and TLS pages) while its RSS stays
 * flat. With {@code args[1]} &gt; 0 it creates only that many threads per second.
 */
public final class ThreadChurn {
    private static volatile long sink;

    private ThreadChurn() {
    }

    public static void main(String[] args) throws InterruptedException {
        long every = args.length > 0 ? Long.parseLong(args[0]) : 100;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        WorkMeter.start(every);
        Ready.announce();
        long next = System.nanoTime();
        while (true) {
            for (int i = 0; i < 10; i++) {
                Thread t = new Thread(() -> sink++, "churn");
                t.start();
                t.join();
                if (perSecond > 0) {
                    next += 1_000_000_000L / perSecond;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            WorkMeter.add(10);
        }
    }
}
