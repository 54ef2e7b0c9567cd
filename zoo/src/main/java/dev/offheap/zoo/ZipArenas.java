package dev.offheap.zoo;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.zip.Deflater;

/**
 * Many threads doing native allocation at once, the classic glibc-arena case: {@code args[0]} threads (default
 * 16) each keep {@code args[1]} (default 24) java.util.zip Deflaters that were never {@code end()}ed, replacing
 * them; zlib's state is malloc'ed from the thread's own glibc arena. Prints "ready" when every thread has filled
 * its set, then holds them (with {@code args[2]} = "churn", it keeps replacing them, and memory keeps growing).
 */
public final class ZipArenas {
    private ZipArenas() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int keep = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        boolean churn = args.length > 2 && args[2].equals("churn");
        CountDownLatch filled = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> deflate(keep, churn, filled), "zip-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        filled.await();
        Ready.announce();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void deflate(int keep, boolean churn, CountDownLatch filled) {
        Deflater[] ring = new Deflater[keep];
        byte[] input = new byte[256 * 1024];
        new Random(42).nextBytes(input);
        byte[] output = new byte[300 * 1024];
        for (long i = 0; ; i++) {
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
            d.setInput(input);
            d.finish();
            while (!d.finished()) {
                d.deflate(output);
            }
            ring[(int) (i % keep)] = d; // the one it replaces is dropped without end(): freed only when collected
            if (i == keep - 1) {
                filled.countDown();
                if (!churn) {
                    sleepQuietly(Long.MAX_VALUE);
                }
            }
            if (i >= keep) {
                sleepQuietly(20);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
