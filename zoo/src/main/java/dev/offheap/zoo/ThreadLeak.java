package dev.offheap.zoo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A thread leak: {@code args[0]} times per second (default 10) it creates a one-thread executor, gives it a task
 * that blocks forever, and never shuts it down, like code that makes an executor per request. The starts are spread
 * evenly over each second, at any rate.
 */
public final class ThreadLeak {
    private ThreadLeak() {
    }

    public static void main(String[] args) throws InterruptedException {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Object never = new Object();
        boolean announced = false;
        long next = System.nanoTime();
        while (true) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pool.execute(() -> {
                synchronized (never) {
                    try {
                        never.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            next += 1_000_000_000L / perSecond;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}
