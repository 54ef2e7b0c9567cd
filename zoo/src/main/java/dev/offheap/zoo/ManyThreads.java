package dev.offheap.zoo;

import java.util.concurrent.CountDownLatch;

/** A JVM with {@code args[0]} (default 5000) parked threads: one stack mapping plus guard pages per thread. */
public final class ManyThreads {
    private ManyThreads() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        CountDownLatch started = new CountDownLatch(count);
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        Ready.announce();
        never.await();
    }
}
